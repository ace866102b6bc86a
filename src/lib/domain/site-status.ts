import type { EventEnvelope } from './event';
import { isIncidentOpen, type Incident } from './incident';
import { compareIncidents } from './incident-priority';
import { SEVERITIES, type Severity } from './site';

/**
 * What the wall shows of one site besides its incident queue: the devices offline now and the
 * last checkpoint scans. Pure, no I/O: the server reads it once (at or after the snapshot's
 * head) and the browser carries it forward with `evolveSiteStatus` over the site's stream.
 */

/** How many scans a site's status keeps. */
export const STATUS_SCANS = 3;

/** One checkpoint scan; ids only, names come from the site plan. `at` is the device's time. */
export interface ScanSeen {
	seq: number;
	checkpoint: string;
	guard: string;
	device: string;
	at: string;
}

export interface SiteStatus {
	/** Ids of the devices whose last online ↔ offline change was to offline, sorted. */
	offline: string[];
	/** The newest scans, newest (highest seq) first, at most STATUS_SCANS. */
	scans: ScanSeen[];
}

export const emptySiteStatus = (): SiteStatus => ({ offline: [], scans: [] });

/** A stored `CheckpointScanned` event as a scan. */
export function scanOf(e: EventEnvelope): ScanSeen {
	const d = e.data;
	return { seq: e.seq, checkpoint: String(d.checkpoint ?? ''), guard: String(d.guard ?? ''), device: e.source.id, at: e.at };
}

/**
 * The status after one event of the site's stream. Idempotent: each event sets a device's state
 * outright and scans are kept by seq, so applying events the status already reflects (a status
 * read a little after the snapshot's head) changes nothing. Returns `status` itself when the
 * event changes nothing.
 */
export function evolveSiteStatus(status: SiteStatus, e: EventEnvelope): SiteStatus {
	switch (e.type) {
		case 'DeviceWentOffline': {
			const id = e.source.id;
			if (status.offline.includes(id)) return status;
			return { ...status, offline: [...status.offline, id].sort() };
		}
		case 'DeviceCameOnline': {
			const id = e.source.id;
			if (!status.offline.includes(id)) return status;
			return { ...status, offline: status.offline.filter((d) => d !== id) };
		}
		case 'CheckpointScanned': {
			if (status.scans.some((s) => s.seq === e.seq)) return status;
			const scans = [...status.scans, scanOf(e)].sort((a, b) => b.seq - a.seq).slice(0, STATUS_SCANS);
			return scans.some((s) => s.seq === e.seq) ? { ...status, scans } : status;
		}
		default:
			return status;
	}
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
}

/** Sum up one site's incidents (others are ignored by the caller's filter, not here). */
export function summarizeIncidents(incidents: Iterable<Incident>): IncidentSummary {
	const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
	let worst: Incident | null = null;
	let oldestUnackedAt: string | null = null;
	let criticalUnacked = false;
	for (const i of incidents) {
		if (!isIncidentOpen(i)) continue;
		open[i.severity] += 1;
		if (!worst || compareIncidents(i, worst) < 0) worst = i;
		if (i.status === 'new') {
			if (!oldestUnackedAt || Date.parse(i.openedAt) < Date.parse(oldestUnackedAt)) oldestUnackedAt = i.openedAt;
			if (i.severity === 'critical') criticalUnacked = true;
		}
	}
	return { open, worst, oldestUnackedAt, criticalUnacked };
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
