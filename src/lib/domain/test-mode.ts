import type { EventEnvelope } from './event';
import type { TestWindow } from './incident';

/**
 * Test mode: an operator puts an alarm point, or a whole device, in test for a set time (a
 * planned fire-panel test). Its alarms are logged and shown as tests, not incidents, and the
 * point returns to normal by itself when the time is up. Pure rules, shared by browser and server.
 */

export const TEST_MODE_EVENT_TYPES = ['TestModeStarted', 'TestModeEnded'] as const;
export type TestModeEventType = (typeof TEST_MODE_EVENT_TYPES)[number];

export const TEST_MINUTES_MAX = 24 * 60;
export const TEST_REASON_MAX = 500;

/** A test window as the consoles show it: who started it, why, until when. */
export interface ActiveTest extends TestWindow {
	reason: string;
	startedBy: string;
	startedAt: string;
	/** The seq of its `TestModeStarted` event. */
	seq: number;
}

/** `TestModeStarted` data; `point` null covers the whole device, its communication faults included. */
export interface TestStartedData {
	device: string;
	point: string | null;
	until: string;
	minutes: number;
	reason: string;
}

/** `TestModeEnded` data: ended early by a person, or expired. */
export interface TestEndedData {
	device: string;
	point: string | null;
	how: 'ended' | 'expired';
	/** The `until` of the window it ends, so an expiry cannot end a window restarted since. */
	until: string;
}

export interface TestStart {
	device: string;
	point: string | null;
	minutes: number;
	reason: string;
}

export type TestRefusal = 'unknown_device' | 'unknown_point' | 'invalid_minutes' | 'reason_required' | 'reason_too_long' | 'not_in_test';

/** Same device and point (null = whole device). */
export const isSameTarget = (a: { device: string; point?: string | null }, b: { device: string; point?: string | null }) =>
	a.device === b.device && (a.point ?? null) === (b.point ?? null);

/**
 * Whether a start may be recorded, and its data. Starting a window that exists replaces it:
 * the new end time is what the operator now says. `points` is the device's known alarm points,
 * or null when the plan lists none for it (any point is then accepted).
 */
export function decideTestStart(
	input: TestStart,
	known: { device: boolean; points: readonly string[] | null },
	now: Date
): { ok: true; data: TestStartedData } | { ok: false; reason: TestRefusal } {
	if (!known.device) return { ok: false, reason: 'unknown_device' };
	if (input.point !== null && known.points !== null && !known.points.includes(input.point)) return { ok: false, reason: 'unknown_point' };
	if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > TEST_MINUTES_MAX) return { ok: false, reason: 'invalid_minutes' };
	const reason = input.reason.trim();
	if (!reason) return { ok: false, reason: 'reason_required' };
	if (reason.length > TEST_REASON_MAX) return { ok: false, reason: 'reason_too_long' };
	const until = new Date(now.getTime() + input.minutes * 60_000).toISOString();
	return { ok: true, data: { device: input.device, point: input.point, until, minutes: input.minutes, reason } };
}

/** The windows after one event of the site's stream; other events leave them as they are. */
export function evolveTestWindows(tests: readonly ActiveTest[], e: EventEnvelope): readonly ActiveTest[] {
	if (e.type === 'TestModeStarted') {
		const d = e.data as unknown as TestStartedData;
		const started: ActiveTest = {
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
		const d = e.data as unknown as TestEndedData;
		return tests.filter((t) => !(isSameTarget(t, d) && (d.how === 'ended' || t.until === d.until)));
	}
	return tests;
}

/** Windows still running at `now`: a window is over at its `until` even before its end is logged. */
export function listRunningTests<T extends TestWindow>(tests: readonly T[], now: Date): T[] {
	return tests.filter((t) => Date.parse(t.until) > now.getTime());
}

/** Windows whose time is up at `now`, for the expiry to log. */
export function listExpiredTests<T extends TestWindow>(tests: readonly T[], now: Date): T[] {
	return tests.filter((t) => Date.parse(t.until) <= now.getTime());
}

/** Whether an event was received under test (the writer stamps `data.test`). */
export const isTestEvent = (e: Pick<EventEnvelope, 'data'>): boolean => e.data.test === true;
