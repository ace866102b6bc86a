import type { EventEnvelope } from './event';
import { scanOf, type ScanSeen } from './site-status';

/**
 * Where each guard was last seen: the checkpoint of their newest scan. Pure: the server reads
 * it once and the browser carries it forward over the site's stream.
 */

/** By guard id. */
export type GuardPositions = Record<string, ScanSeen>;

/** A guard whose last scan is older than this is shown as gone silent (a round is due every 30–60 minutes). */
export const GUARD_SILENT_AFTER_MS = 45 * 60_000;

/** The positions after one event; a scan older (by seq) than the guard's known one changes nothing. */
export function evolveGuardPositions(guards: GuardPositions, e: EventEnvelope): GuardPositions {
	if (e.type !== 'CheckpointScanned' || e.data.test === true) return guards;
	const scan = scanOf(e);
	if (!scan.guard || (guards[scan.guard]?.seq ?? -1) >= scan.seq) return guards;
	return { ...guards, [scan.guard]: scan };
}

/** Whether a guard's last scan is long enough ago to say they have gone silent. */
export function isGuardSilent(seen: Pick<ScanSeen, 'at'>, now: number): boolean {
	return now - Date.parse(seen.at) > GUARD_SILENT_AFTER_MS;
}
