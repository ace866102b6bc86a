import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import { isLiveScan, scanOf, type ScanSeen } from './scan';

/**
 * Where each guard was last seen: the checkpoint of their newest scan, one row per guard and
 * site. The rule the server's projection runs; browsers receive its rows.
 */

/** A guard whose last scan is older than this is shown as gone silent (a round is due every 30–60 minutes). */
export const GUARD_SILENT_AFTER_MS = 45 * 60_000;

/** A guard's last scan; `id` is the guard's id. */
export interface GuardPosition extends ScanSeen {
	id: string;
}

/** The positions after one event; a scan older (by seq) than the guard's known one changes nothing. */
export function evolveGuardPositions(positions: RowSet<GuardPosition>, e: EventEnvelope): void {
	if (!isLiveScan(e) || !e.data.guard) return;
	const known = positions.get(e.data.guard);
	if (known && known.seq >= e.seq) return;
	positions.set({ id: e.data.guard, ...scanOf(e) });
}

/** Guards' positions by guard id, as the map draws them. */
export type GuardPositions = Record<string, GuardPosition>;

/** Whether a guard's last scan is long enough ago to say they have gone silent. */
export function isGuardSilent(seen: Pick<ScanSeen, 'at'>, now: number): boolean {
	return now - Date.parse(seen.at) > GUARD_SILENT_AFTER_MS;
}

/** Guards' last known positions (`guards`). */
export const guardPositions = rowSetProjection<GuardPosition>('guards', evolveGuardPositions);
