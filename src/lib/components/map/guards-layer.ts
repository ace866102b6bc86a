import type * as Leaflet from 'leaflet';
import { isGuardSilent } from '$lib/domain/patrol/guard-positions';
import { type GuardPositions } from '$lib/domain/patrol/guard-positions';
import { listFeatures, type LocalizedName, type SitePlan } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import './guard-marker.css';

export interface GuardsLayer {
	/** The group, for the layer control. */
	readonly layer: Leaflet.LayerGroup;
	update(plan: SitePlan, guards: GuardPositions, names: Record<string, LocalizedName>, now: number): void;
}

const SIZE = 22;

/**
 * Each guard at the checkpoint of their last scan: a round badge with their initial, grey and
 * dashed once they have gone silent. Its element carries `guard-marker`, `data-guard-id` and
 * `data-silent` for browser tests. Markers move in place as scans arrive.
 */
export function createGuardsLayer(L: typeof Leaflet, map: Leaflet.Map): GuardsLayer {
	const group = L.layerGroup().addTo(map);
	const markers = new Map<string, { marker: Leaflet.Marker; key: string }>();
	const iconOf = (id: string, label: string, silent: boolean) =>
		L.divIcon({ className: 'guard-marker', iconSize: [SIZE, SIZE], html: `<span class="guard-badge" data-guard-id="${escape(id)}" data-silent="${silent}">${escape(label)}</span>` });

	return {
		layer: group,
		update(plan, guards, names, now) {
			const locale = getLocale();
			const checkpoints = new Map(listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f]));
			const shown = new Set<string>();
			for (const [id, seen] of Object.entries(guards)) {
				const checkpoint = checkpoints.get(seen.checkpoint);
				if (!checkpoint) continue;
				shown.add(id);
				const name = names[id]?.[locale] ?? id;
				const silent = isGuardSilent(seen, now);
				const minutes = Math.max(0, Math.floor((now - Date.parse(seen.at)) / 60_000));
				const key = `${seen.seq}|${silent}|${minutes}|${locale}`;
				const entry = markers.get(id);
				if (entry?.key === key) continue;
				const latLng = toLatLng(checkpoint.geometry.coordinates);
				const tooltip = createTooltipText(name, m.map_guard_seen({ checkpoint: checkpoint.properties.name[locale], minutes }), ...(silent ? [m.map_guard_silent()] : []));
				const icon = iconOf(id, Array.from(name)[0] ?? '?', silent);
				if (entry) {
					entry.marker.setLatLng(latLng).setIcon(icon).setTooltipContent(tooltip);
					entry.key = key;
				} else {
					const marker = L.marker(latLng, { icon, keyboard: false, zIndexOffset: -100 }).bindTooltip(tooltip).addTo(group);
					markers.set(id, { marker, key });
				}
			}
			for (const [id, { marker }] of markers) {
				if (shown.has(id)) continue;
				group.removeLayer(marker);
				markers.delete(id);
			}
		}
	};
}

function escape(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
