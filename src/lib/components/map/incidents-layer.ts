import type * as Leaflet from 'leaflet';
import { COMM_FAULT, isIncidentOpen, type Incident } from '$lib/domain/incident/model';
import { SEVERITIES, type AlarmPointFeature, type CheckpointFeature } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { defineClusterIcon, summariseLooks } from './cluster-icon';
import { defineIncidentIcon, lookKey, type IncidentLook } from './incident-icon';
import { isOnOtherFloor, type FloorView } from './floor-view';
import { CLUSTER_RADIUS } from './map-styles';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import 'leaflet.markercluster/dist/MarkerCluster.css';
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
	/** The cluster group, for the layer control. */
	readonly layer: Leaflet.Layer;
	/** `checkpoints` place a guard's panic press, raised at the guard's last checkpoint. */
	update(
		incidents: readonly Incident[],
		points: ReadonlyMap<string, AlarmPointFeature>,
		selected: string | null,
		floor: FloorView,
		checkpoints?: ReadonlyMap<string, CheckpointFeature>
	): void;
}

interface Entry {
	marker: Leaflet.Marker;
	point: AlarmPointFeature | CheckpointFeature;
	key: string;
	/** What a cluster summarises: a change here must redraw the cluster holding the marker. */
	clusterKey: string;
}

/**
 * One marker per open incident at its alarm point, kept by incident id and changed in place.
 * Markers that overlap at the current zoom are gathered into clusters that show the worst
 * severity inside and pulse while any incident inside is unacknowledged.
 * Needs `leaflet.markercluster` loaded on `L` before it is called.
 */
export function createIncidentsLayer(L: typeof Leaflet, map: Leaflet.Map, onselect: (id: string) => void): IncidentsLayer {
	const IncidentIcon = defineIncidentIcon(L);
	const ClusterIcon = defineClusterIcon(L);
	const group = L.markerClusterGroup({
		maxClusterRadius: CLUSTER_RADIUS,
		showCoverageOnHover: false,
		spiderfyOnMaxZoom: true,
		// The default near-black legs vanish on the console's dark ground.
		spiderLegPolylineOptions: { color: '#90a4ae', weight: 1.5, opacity: 0.7 },
		iconCreateFunction(cluster) {
			const looks = cluster.getAllChildMarkers().map((marker) => (marker.options.icon as InstanceType<typeof IncidentIcon>).look);
			const look = summariseLooks(looks);
			return new ClusterIcon(look, m.map_cluster_label({ count: look.count, severity: (severityNames[look.severity] ?? (() => look.severity))() }));
		}
	}).addTo(map);
	const markers = new Map<string, Entry>();
	let shownSelected: string | null = null;

	return {
		layer: group,
		update(incidents, points, selected, floor, checkpoints) {
			const locale = getLocale();
			const shown = new Set<string>();
			const added: Leaflet.Marker[] = [];
			const changed: Leaflet.Marker[] = [];
			for (const incident of incidents) {
				// A comm fault concerns a whole device, and a point may be missing from the plan:
				// neither has a place, so only the queue lists them.
				const point = incident.alarmType === 'panic' && checkpoints?.has(incident.point) ? checkpoints.get(incident.point) : points.get(incident.point);
				if (incident.alarmType === COMM_FAULT || !point || !isIncidentOpen(incident)) continue;
				const { id, severity, status, count } = incident;
				shown.add(id);

				const lines = [(alarmNames[incident.alarmType] ?? m.alarm_other)(), (severityNames[severity] ?? (() => severity))(), point.properties.name[locale]];
				if (count > 1) lines.push(`×${count}`);
				const isSelected = id === selected;
				const dimmed = isOnOtherFloor(point.properties, floor);
				const look: IncidentLook = { id, severity, status, count, selected: isSelected, dimmed, label: lines.join(m.list_separator()) };
				const key = lookKey(look);
				const clusterKey = `${severity}\u0000${status}`;
				const latLng = toLatLng(point.geometry.coordinates);

				const entry = markers.get(id);
				if (!entry) {
					const marker = L.marker(latLng, { icon: new IncidentIcon(look), zIndexOffset: stackOffset(incident, isSelected) })
						.bindTooltip(createTooltipText(...lines), { direction: 'top' })
						.on('click', () => onselect(id))
						// Leaflet makes the icon a focusable role=button but does not turn Enter into a click.
						.on('keydown', (e) => {
							if (e.originalEvent.key === 'Enter') onselect(id);
						});
					added.push(marker);
					markers.set(id, { marker, point, key, clusterKey });
					continue;
				}
				// The cluster group follows a clustered marker's `move` event.
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
				// Repeats change only the marker's count: the cluster around it is left alone.
				if (entry.clusterKey !== clusterKey) {
					changed.push(entry.marker);
					entry.clusterKey = clusterKey;
				}
			}
			const removed: Leaflet.Marker[] = [];
			for (const [id, { marker }] of markers) {
				if (shown.has(id)) continue;
				removed.push(marker);
				markers.delete(id);
			}
			// In batches: the group reclusters once per call rather than once per marker.
			if (removed.length > 0) group.removeLayers(removed);
			if (added.length > 0) group.addLayers(added);
			if (changed.length > 0) group.refreshClusters(changed);

			// A newly selected incident is brought out of its cluster (zoom or spiderfy), once per selection.
			if (selected !== shownSelected) {
				const target = selected ? markers.get(selected) : undefined;
				// Not while the operator has hidden incidents with the layer control: the group is off the map.
				if (target && map.hasLayer(group)) group.zoomToShowLayer(target.marker);
				shownSelected = selected;
			}
		}
	};
}
