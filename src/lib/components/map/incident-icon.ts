import type * as Leaflet from 'leaflet';
import type { IncidentStatus } from '$lib/domain/incident/model';
import type { Severity } from '$lib/domain/site/model';

/** Everything an incident marker shows: two equal looks draw the same marker. */
export interface IncidentLook {
	id: string;
	severity: Severity;
	status: IncidentStatus;
	count: number;
	selected: boolean;
	/** On another floor of the building whose floor plan is shown. */
	dimmed: boolean;
	label: string;
}

export const lookKey = (l: IncidentLook) => [l.severity, l.status, l.count, l.selected, l.dimmed, l.label].join('\u0000');

const SIZE = 18;

/**
 * A div icon whose root element carries the contract browser tests rely on: class
 * `incident-marker` (plus `pulsing` while new, `selected`, `other-floor`), `data-incident-id`, `data-severity`,
 * `data-status`. Leaflet's DivIcon reuses the marker's existing element in `setIcon`, so a
 * change of look rewrites this element in place and a running pulse keeps its rhythm.
 */
export function defineIncidentIcon(L: typeof Leaflet) {
	return class IncidentIcon extends L.DivIcon {
		/** What it draws: the cluster icon reads its markers' looks from here. */
		constructor(readonly look: IncidentLook) {
			const classes = ['incident-marker'];
			if (look.status === 'new') classes.push('pulsing');
			if (look.selected) classes.push('selected');
			if (look.dimmed) classes.push('other-floor');
			super({
				className: classes.join(' '),
				iconSize: [SIZE, SIZE],
				tooltipAnchor: [0, -SIZE / 2],
				// Only a number is interpolated: no site data reaches this HTML.
				html:
					'<span class="incident-dot"></span>' +
					(look.count > 1 ? `<span class="incident-count">×${look.count}</span>` : '')
			});
		}

		override createIcon(oldIcon?: HTMLElement): HTMLElement {
			const root = super.createIcon(oldIcon);
			root.dataset.incidentId = this.look.id;
			root.dataset.severity = this.look.severity;
			root.dataset.status = this.look.status;
			root.setAttribute('aria-label', this.look.label);
			return root;
		}
	};
}
