import type * as Leaflet from 'leaflet';
import { COMM_FAULT, isIncidentOpen, type Incident } from '$lib/domain/incident';
import { SEVERITIES, type AlarmPointFeature } from '$lib/domain/site';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { defineIncidentIcon, lookKey, type IncidentLook } from './incident-icon';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import './incident-marker.css';
import { alarmNames, severityNames } from '../live/event-text';

/**
 * Leaflet stacks markers by screen y plus this offset. Each step outweighs the few pixels
 * between markers at one spot, so there the selected one is on top, then the unacknowledged,
 * then the most severe, then the most urgent kind: a pile never hides its worst.
 */
function stackOffset(incident: Incident, selected: boolean): number {
	const severityRank = SEVERITIES.length - 1 - SEVERITIES.indexOf(incident.severity);
	return (selected ? 100_000 : 0) + (incident.status === 'new' ? 10_000 : 0) + severityRank * 1_000 + (5 - incident.priority) * 100;
}

export interface IncidentsLayer {
	update(incidents: readonly Incident[], points: ReadonlyMap<string, AlarmPointFeature>, selected: string | null): void;
}

interface Entry {
	marker: Leaflet.Marker;
	point: AlarmPointFeature;
	key: string;
}

/** One marker per open incident at its alarm point, kept by incident id and changed in place. */
export function createIncidentsLayer(L: typeof Leaflet, map: Leaflet.Map, onselect: (id: string) => void): IncidentsLayer {
	const IncidentIcon = defineIncidentIcon(L);
	const group = L.layerGroup().addTo(map);
	const markers = new Map<string, Entry>();

	return {
		update(incidents, points, selected) {
			const locale = getLocale();
			const shown = new Set<string>();
			for (const incident of incidents) {
				// A comm fault concerns a whole device, and a point may be missing from the plan:
				// neither has a place, so only the queue lists them.
				const point = points.get(incident.point);
				if (incident.alarmType === COMM_FAULT || !point || !isIncidentOpen(incident)) continue;
				const { id, severity, status, count } = incident;
				shown.add(id);

				const lines = [(alarmNames[incident.alarmType] ?? m.alarm_other)(), (severityNames[severity] ?? (() => severity))(), point.properties.name[locale]];
				if (count > 1) lines.push(`×${count}`);
				const isSelected = id === selected;
				const look: IncidentLook = { id, severity, status, count, selected: isSelected, label: lines.join(m.list_separator()) };
				const key = lookKey(look);
				const latLng = toLatLng(point.geometry.coordinates);

				const entry = markers.get(id);
				if (!entry) {
					const marker = L.marker(latLng, { icon: new IncidentIcon(look), zIndexOffset: stackOffset(incident, isSelected) })
						.bindTooltip(createTooltipText(...lines), { direction: 'top' })
						.on('click', () => onselect(id))
						// Leaflet makes the icon a focusable role=button but does not turn Enter into a click.
						.on('keydown', (e) => {
							if (e.originalEvent.key === 'Enter') onselect(id);
						})
						.addTo(group);
					markers.set(id, { marker, point, key });
					continue;
				}
				if (entry.point !== point) {
					entry.marker.setLatLng(latLng);
					entry.point = point;
				}
				if (entry.key !== key) {
					entry.marker
						.setIcon(new IncidentIcon(look))
						.setZIndexOffset(stackOffset(incident, isSelected))
						.setTooltipContent(createTooltipText(...lines));
					entry.key = key;
				}
			}
			for (const [id, { marker }] of markers) {
				if (shown.has(id)) continue;
				marker.remove();
				markers.delete(id);
			}
		}
	};
}
