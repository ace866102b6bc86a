import { isIncidentOpen, type Incident } from '../incident/model';
import { compareIncidents } from '../incident/priority';
import type { DeviceStatus } from '../device/status';
import type { ScanSeen } from '../patrol/scan';
import { SEVERITIES, type Severity } from './model';
import { sortRecentScans, type RecentScan } from './recent-scans';

/** What the wall's tile of one site shows of its incident queue. Pure, no I/O. */

/** What the wall's tile shows of a site besides its incidents. */
export interface TileStatus {
	/** Ids of the devices offline now, sorted. */
	offline: string[];
	/** The newest scans, newest first. */
	scans: ScanSeen[];
}

/** A tile's status from the devices and recent-scans projections' rows. */
export function tileStatusOf(devices: readonly DeviceStatus[], scans: readonly RecentScan[]): TileStatus {
	return { offline: devices.filter((d) => !d.online).map((d) => d.id).sort(), scans: sortRecentScans(scans) };
}

/** A site's open incidents as the wall's tile sums them up. */
export interface IncidentSummary {
	/** Open incidents (neither resolved nor closed) per severity. */
	open: Record<Severity, number>;
	/** The most urgent open incident by `compareIncidents`, if any. */
	worst: Incident | null;
	/** When the oldest unacknowledged incident opened, if any. */
	oldestUnackedAt: string | null;
	/** Some critical incident is still unacknowledged: the tile must draw the eye. */
	criticalUnacked: boolean;
	/** Drills under way: shown as drills, never in the counts above (a drill is no real figure). */
	drills: number;
}

/** Sum up one site's incidents (others are ignored by the caller's filter, not here). */
export function summarizeIncidents(incidents: Iterable<Incident>): IncidentSummary {
	const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
	let worst: Incident | null = null;
	let oldestUnackedAt: string | null = null;
	let criticalUnacked = false;
	let drills = 0;
	for (const i of incidents) {
		if (!isIncidentOpen(i)) continue;
		if (i.drill) {
			drills += 1;
			continue;
		}
		open[i.severity] += 1;
		if (!worst || compareIncidents(i, worst) < 0) worst = i;
		if (i.status === 'new') {
			if (!oldestUnackedAt || Date.parse(i.openedAt) < Date.parse(oldestUnackedAt)) oldestUnackedAt = i.openedAt;
			if (i.severity === 'critical') criticalUnacked = true;
		}
	}
	return { open, worst, oldestUnackedAt, criticalUnacked, drills };
}

/**
 * The wall's order: sites with open incidents first, by their worst incident (`compareIncidents`),
 * then the rest; ties by name in the reader's language.
 */
export function compareSiteTiles(a: { name: string; worst: Incident | null }, b: { name: string; worst: Incident | null }, locale: string): number {
	if (a.worst && b.worst) {
		const byIncident = compareIncidents(a.worst, b.worst);
		if (byIncident) return byIncident;
	} else if (a.worst || b.worst) {
		return a.worst ? -1 : 1;
	}
	return a.name.localeCompare(b.name, locale);
}
