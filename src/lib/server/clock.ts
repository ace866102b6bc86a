import { z } from 'zod';
import type { Config } from './config';

/**
 * The one time source of the runtime: every decision that depends on time reads it, never the
 * database's `now()` and never `new Date()` directly, so that a test can move it.
 */
export interface Clock {
	now(): Date;
	/** ms since epoch */
	nowMs(): number;
	/** Called after the clock was moved (a controlled clock only; the system clock never calls). Returns the unsubscribe. */
	onChange(listener: () => void): () => void;
}

/**
 * A clock that runs at real speed from an offset that only grows: `advance` and `set` move it
 * forward, and a move backwards is refused, because rules (escalation, silence, expiry) and the
 * scheduler assume that time they have seen does not come again.
 */
export interface ControlledClock extends Clock {
	readonly controlled: true;
	/** Move forward by `ms` (≥ 0); returns the new now. */
	advance(ms: number): Date;
	/** Move forward so that now ≈ `at`; throws a RangeError if `at` is before now. Returns the new now. */
	set(at: Date): Date;
}

export function isControlledClock(clock: Clock): clock is ControlledClock {
	return (clock as Partial<ControlledClock>).controlled === true;
}

/** The machine's clock. */
export function createSystemClock(): Clock {
	return { now: () => new Date(), nowMs: () => Date.now(), onChange: () => () => {} };
}

/**
 * Real time plus an offset. Listeners run after each move, all of them even if one throws; the
 * first error is then thrown to the mover (the move itself stands).
 */
export function createControlledClock(realNowMs: () => number = Date.now): ControlledClock {
	let offsetMs = 0;
	const listeners = new Set<() => void>();
	const nowMs = () => realNowMs() + offsetMs;
	const moved = () => {
		let failure: unknown;
		for (const listener of [...listeners]) {
			try {
				listener();
			} catch (err) {
				failure ??= err;
			}
		}
		if (failure !== undefined) throw failure;
		return new Date(nowMs());
	};
	return {
		controlled: true,
		now: () => new Date(nowMs()),
		nowMs,
		onChange(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		},
		advance(ms) {
			if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
			offsetMs += ms;
			return moved();
		},
		set(at) {
			const delta = at.getTime() - nowMs();
			if (!Number.isFinite(delta) || delta < 0) throw new RangeError('the clock only moves forward');
			offsetMs += delta;
			return moved();
		}
	};
}

/**
 * The runtime's clock: the system clock, unless the environment asked for a test clock
 * (`config.testClock`, from SHOUWANG_TEST_CLOCK=1) AND the process was started with an IPC
 * channel (`process.send` exists, as when a test fixture spawns it with 'ipc'). Both are fixed at
 * start; nothing reachable over HTTP can turn the controlled clock on.
 */
export function createClock(config: Pick<Config, 'testClock'>, proc: { send?: unknown } = process): Clock {
	return config.testClock && typeof proc.send === 'function' ? createControlledClock() : createSystemClock();
}

/** Longest single move accepted over IPC (ten years): a bound, not a rule. */
const MAX_MOVE_MS = 10 * 366 * 24 * 3600 * 1000;

const messageId = z.union([z.string().min(1).max(100), z.number().int().safe()]);
const clockRequest = z.discriminatedUnion('type', [
	z.object({ type: z.literal('clock:advance'), id: messageId, ms: z.number().int().min(0).max(MAX_MOVE_MS) }),
	z.object({ type: z.literal('clock:set'), id: messageId, at: z.iso.datetime({ offset: true }) })
]);
/** Enough of a clock request to answer it, when the rest is wrong. */
const clockRequestShape = z.object({ type: z.enum(['clock:advance', 'clock:set']), id: messageId });

/** What the parent sends over IPC. */
export type ClockRequest = z.infer<typeof clockRequest>;
/** The answer to each request: the clock's new now, or why it did not move. */
export type ClockAck = { type: 'clock:ack'; id: string | number; now: string } | { type: 'clock:ack'; id: string | number; error: string };

/** The part of `process` the IPC listener uses. */
export interface IpcProcess {
	send?: (message: unknown, sendHandle?: undefined, options?: undefined, callback?: (error: Error | null) => void) => boolean;
	on(event: 'message', listener: (message: unknown) => void): unknown;
	off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Answer one IPC message: an ack to send, or null for anything that is not a clock request. */
export function answerClockMessage(clock: ControlledClock, message: unknown): ClockAck | null {
	const parsed = clockRequest.safeParse(message);
	if (!parsed.success) {
		const shape = clockRequestShape.safeParse(message);
		return shape.success ? { type: 'clock:ack', id: shape.data.id, error: 'invalid clock message' } : null;
	}
	const request = parsed.data;
	try {
		const now = request.type === 'clock:advance' ? clock.advance(request.ms) : clock.set(new Date(request.at));
		return { type: 'clock:ack', id: request.id, now: now.toISOString() };
	} catch (err) {
		const reason = err instanceof RangeError ? err.message : `the clock moved, but a listener failed: ${err instanceof Error ? err.message : String(err)}`;
		return { type: 'clock:ack', id: request.id, error: reason };
	}
}

/**
 * Let the parent process move a controlled clock over the IPC channel (`clock:advance`,
 * `clock:set`, each answered by `clock:ack`); anything else on the channel is ignored. Returns
 * the function that removes the listener (call it on stop). A no-op for the system clock or a
 * process without an IPC channel.
 */
export function installClockIpc(clock: Clock, proc: IpcProcess = process as IpcProcess): () => void {
	const send = proc.send;
	if (!isControlledClock(clock) || typeof send !== 'function') return () => {};
	const listener = (message: unknown) => {
		const ack = answerClockMessage(clock, message);
		// The callback form keeps a closed channel (the parent went away) from becoming an 'error' event.
		if (ack) send.call(proc, ack, undefined, undefined, () => {});
	};
	proc.on('message', listener);
	return () => void proc.off('message', listener);
}
