import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import { isSameTarget, testWindowId, type ActiveTest } from './model';

/** The windows after one event of the site's stream; other events leave them as they are. */
export function evolveTestWindows(tests: readonly ActiveTest[], e: EventEnvelope): readonly ActiveTest[] {
	if (e.type === 'TestModeStarted') {
		const d = e.data;
		const started: ActiveTest = {
			id: testWindowId(d),
			site: e.site,
			device: d.device,
			...(d.point !== null && { point: d.point }),
			until: d.until,
			reason: d.reason,
			startedBy: e.source.id,
			startedAt: e.receivedAt,
			seq: e.seq
		};
		return [...tests.filter((t) => !isSameTarget(t, d)), started];
	}
	if (e.type === 'TestModeEnded') {
		const d = e.data;
		return tests.filter((t) => !(isSameTarget(t, d) && (d.how === 'ended' || t.until === d.until)));
	}
	return tests;
}

/** `evolveTestWindows` on a site's rows: windows that ended leave, started ones replace their target's. */
export function evolveTestWindowRows(rows: RowSet<ActiveTest>, e: EventEnvelope): void {
	if (e.type !== 'TestModeStarted' && e.type !== 'TestModeEnded') return;
	const before = [...rows.values()];
	const after = evolveTestWindows(before, e);
	if (after === before) return;
	const kept = new Set(after.map((t) => t.id));
	for (const t of before) if (!kept.has(t.id)) rows.delete(t.id);
	for (const t of after) if (!before.includes(t)) rows.set(t);
}

/** The test windows of a site (`tests`): every window started and not yet ended, expired ones included until their end is logged. */
export const testWindows = rowSetProjection<ActiveTest>('tests', evolveTestWindowRows);
