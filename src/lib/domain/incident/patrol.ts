import type { EventEnvelope } from '../events';
import type { PatrolIncidentEvent } from './key';
import { GUARD_NOT_RESPONDING_SEVERITY, PATROL_EXCEPTION_SEVERITY, isIncidentOpen, type Incident, type IncidentKey, type PatrolIncidentDetail } from './model';
import { openIncident } from './open';

/**
 * The patrol incidents after one of the patrol timer's facts. A window closed opens the
 * round's patrol exception or adds the checkpoint to it; a silence opens "guard not
 * responding". The notes (a missed checkpoint scanned after all, contact resumed) only change
 * an open incident: once every missed checkpoint was scanned, or the guard was heard from, the
 * source counts as restored, and an operator still closes it.
 */
export function evolveFromPatrol(current: Incident | undefined, key: IncidentKey, e: PatrolIncidentEvent): Incident | undefined {
	const open = current && isIncidentOpen(current) ? current : undefined;
	const at = e.receivedAt;
	switch (e.type) {
		case 'RoundWindowClosed': {
			const d = e.data;
			if (!open) return withPatrol(openIncident(key, e, PATROL_EXCEPTION_SEVERITY), detailOf(e, { guard: d.guard, missed: [d.checkpoint] }));
			const p = open.patrol ?? detailOf(e, {});
			if (p.missed.includes(d.checkpoint)) return { ...open, lastSeq: e.seq };
			return { ...open, count: open.count + 1, lastSeenAt: at, lastSeq: e.seq, sourceRestoredAt: null, patrol: { ...p, guard: d.guard ?? p.guard, missed: [...p.missed, d.checkpoint] } };
		}
		case 'GuardSilenceNoted': {
			const d = e.data;
			if (!open) return withPatrol(openIncident(key, e, GUARD_NOT_RESPONDING_SEVERITY), detailOf(e, { guard: d.guard, silentSince: d.since }));
			const p = open.patrol ?? detailOf(e, {});
			return { ...open, count: open.count + 1, lastSeenAt: at, lastSeq: e.seq, sourceRestoredAt: null, patrol: { ...p, silentSince: d.since, contactResumedAt: null } };
		}
		case 'MissedCheckpointScanned': {
			if (!open) return current;
			const d = e.data;
			const p = open.patrol ?? detailOf(e, {});
			if (p.scannedLate.some((s) => s.checkpoint === d.checkpoint)) return { ...open, lastSeq: e.seq };
			const scannedLate = [...p.scannedLate, { checkpoint: d.checkpoint, state: d.state, scannedAt: d.scannedAt, receivedAt: d.receivedAt }];
			const allScanned = p.missed.every((c) => scannedLate.some((s) => s.checkpoint === c));
			return { ...open, lastSeq: e.seq, sourceRestoredAt: allScanned ? at : open.sourceRestoredAt, patrol: { ...p, scannedLate } };
		}
		case 'GuardContactResumed': {
			if (!open) return current;
			const p = open.patrol ?? detailOf(e, {});
			return { ...open, lastSeq: e.seq, sourceRestoredAt: at, patrol: { ...p, contactResumedAt: e.data.at } };
		}
	}
}

function detailOf(e: EventEnvelope<PatrolIncidentEvent['type']>, part: Partial<PatrolIncidentDetail>): PatrolIncidentDetail {
	return { round: e.data.round, route: e.data.route, guard: null, missed: [], scannedLate: [], silentSince: null, contactResumedAt: null, ...part };
}

const withPatrol = (i: Incident, patrol: PatrolIncidentDetail): Incident => ({ ...i, patrol });
