import type { EventEnvelope } from '../events';
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
