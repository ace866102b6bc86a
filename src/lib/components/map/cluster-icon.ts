import type * as Leaflet from 'leaflet';
import type { IncidentLook } from './incident-icon';
import { SEVERITIES, type Severity } from '$lib/domain/site/model';

/** What a cluster shows of the incidents inside it: how many, the worst severity, whether any is unacknowledged. */
export interface ClusterLook {
	count: number;
	severity: Severity;
	unacknowledged: boolean;
}

/** Summarises looks; the worst is the first in SEVERITIES (most urgent first). */
export function summariseLooks(looks: readonly IncidentLook[]): ClusterLook {
	let worst = SEVERITIES.length - 1;
	for (const l of looks) worst = Math.min(worst, SEVERITIES.indexOf(l.severity));
	return { count: looks.length, severity: SEVERITIES[worst], unacknowledged: looks.some((l) => l.status === 'new') };
}

const SIZE = 30;

/**
 * A div icon for a cluster with the contract browser tests rely on: class `incident-cluster`
 * (plus `pulsing` while any incident inside is new), `data-severity` (the worst inside) and
 * `data-count`. It shares the severity colours and the pulse with single markers.
 */
export function defineClusterIcon(L: typeof Leaflet) {
	return class ClusterIcon extends L.DivIcon {
		constructor(
			readonly look: ClusterLook,
			private readonly label: string
		) {
			super({
				className: look.unacknowledged ? 'incident-cluster pulsing' : 'incident-cluster',
				iconSize: [SIZE, SIZE],
				// Only a number is interpolated: no site data reaches this HTML.
				html: `<span class="incident-dot"></span><span class="cluster-count">${look.count}</span>`
			});
		}

		override createIcon(oldIcon?: HTMLElement): HTMLElement {
			const root = super.createIcon(oldIcon);
			root.dataset.severity = this.look.severity;
			root.dataset.count = String(this.look.count);
			root.setAttribute('aria-label', this.label);
			return root;
		}
	};
}
