import type { TestStartedData } from './events';
import { TEST_MINUTES_MAX, TEST_REASON_MAX } from './model';

export interface TestStart {
	device: string;
	point: string | null;
	minutes: number;
	reason: string;
}

export type TestRefusal = 'unknown_device' | 'unknown_point' | 'invalid_minutes' | 'reason_required' | 'reason_too_long' | 'not_in_test';

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

