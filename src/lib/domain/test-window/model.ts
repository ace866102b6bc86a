/** Test windows as the rules and the consoles see them. Pure, no I/O. */

/** A maintenance test: until `until` (exclusive), the device's alarms (one point's, if given) open nothing. */
export interface TestWindow {
	site: string;
	device: string;
	point?: string;
	until: string;
}

/** Whether a device event at `at` falls in a test window; a whole-device window covers comm faults too. */
export function isUnderTest(windows: readonly TestWindow[], site: string, device: string, point: string, at: Date): boolean {
	return windows.some(
		(w) =>
			w.site === site &&
			w.device === device &&
			(w.point === undefined || w.point === point) &&
			at.getTime() < Date.parse(w.until)
	);
}

export const TEST_MINUTES_MAX = 24 * 60;
export const TEST_REASON_MAX = 500;

/** A test window as the consoles show it: who started it, why, until when. */
export interface ActiveTest extends TestWindow {
	/** `testWindowId`: one window per device and point. */
	id: string;
	reason: string;
	startedBy: string;
	startedAt: string;
	/** The seq of its `TestModeStarted` event. */
	seq: number;
}

/** Same device and point (null = whole device). */
export const isSameTarget = (a: { device: string; point?: string | null }, b: { device: string; point?: string | null }) =>
	a.device === b.device && (a.point ?? null) === (b.point ?? null);

/** Windows still running at `now`: a window is over at its `until` even before its end is logged. */
export function listRunningTests<T extends TestWindow>(tests: readonly T[], now: Date): T[] {
	return tests.filter((t) => Date.parse(t.until) > now.getTime());
}

/** Windows whose time is up at `now`, for the expiry to log. */
export function listExpiredTests<T extends TestWindow>(tests: readonly T[], now: Date): T[] {
	return tests.filter((t) => Date.parse(t.until) <= now.getTime());
}


/** The id of a window in its projection: one per device and point. */
export const testWindowId = (t: { device: string; point?: string | null }) => `${t.device}/${t.point ?? '*'}`;
