import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { answerClockMessage, createClock, createControlledClock, installClockIpc, isControlledClock, type ClockAck, type IpcProcess } from './clock';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** A process with an IPC channel: what the parent would receive, and a way to send it messages. */
function fakeProcess() {
	const emitter = new EventEmitter();
	const sent: ClockAck[] = [];
	const proc: IpcProcess & { deliver(m: unknown): void } = {
		send: (message) => (sent.push(message as ClockAck), true),
		on: (event, listener) => emitter.on(event, listener),
		off: (event, listener) => emitter.off(event, listener),
		deliver: (m) => void emitter.emit('message', m)
	};
	return { proc, sent, listeners: () => emitter.listenerCount('message') };
}

describe('createClock', () => {
	it('is the system clock unless the test switch is on and there is an IPC channel', () => {
		const withIpc = { send: () => true };
		expect(isControlledClock(createClock({ testClock: false }, withIpc))).toBe(false);
		expect(isControlledClock(createClock({ testClock: true }, {}))).toBe(false);
		expect(isControlledClock(createClock({ testClock: true }, withIpc))).toBe(true);
	});

	it('the system clock reads the machine time', () => {
		const clock = createClock({ testClock: false }, {});
		const before = Date.now();
		expect(clock.nowMs()).toBeGreaterThanOrEqual(before);
		expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
	});
});

describe('createControlledClock', () => {
	it('keeps moving with real time, from an offset that advance and set move forward', () => {
		let real = T0;
		const clock = createControlledClock(() => real);
		expect(clock.nowMs()).toBe(T0);
		real += 500;
		expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.500Z');
		expect(clock.advance(60_000).getTime()).toBe(T0 + 60_500);
		real += 1000;
		expect(clock.nowMs()).toBe(T0 + 61_500);
		expect(clock.set(new Date('2030-01-02T00:00:00Z')).toISOString()).toBe('2030-01-02T00:00:00.000Z');
		real += 10;
		expect(clock.now().toISOString()).toBe('2030-01-02T00:00:00.010Z');
	});

	it('refuses to move backwards, and stays where it was', () => {
		const clock = createControlledClock(() => T0);
		clock.advance(1000);
		expect(() => clock.set(new Date(T0))).toThrow(RangeError);
		expect(() => clock.advance(-1)).toThrow(RangeError);
		expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
		expect(clock.nowMs()).toBe(T0 + 1000);
		expect(clock.set(new Date(T0 + 1000)).getTime()).toBe(T0 + 1000);
	});

	it('tells its listeners after each move, until they unsubscribe', () => {
		const clock = createControlledClock(() => T0);
		const seen: number[] = [];
		const off = clock.onChange(() => seen.push(clock.nowMs()));
		clock.advance(5);
		clock.set(new Date(T0 + 10));
		off();
		clock.advance(5);
		expect(seen).toEqual([T0 + 5, T0 + 10]);
	});

	it('runs every listener even if one throws, then throws the failure (the move stands)', () => {
		const clock = createControlledClock(() => T0);
		let second = 0;
		clock.onChange(() => {
			throw new Error('boom');
		});
		clock.onChange(() => second++);
		expect(() => clock.advance(7)).toThrow('boom');
		expect(second).toBe(1);
		expect(clock.nowMs()).toBe(T0 + 7);
	});
});

describe('answerClockMessage', () => {
	it('answers advance and set with the new now', () => {
		const clock = createControlledClock(() => T0);
		expect(answerClockMessage(clock, { type: 'clock:advance', id: 1, ms: 3_600_000 })).toEqual({ type: 'clock:ack', id: 1, now: '2030-01-01T01:00:00.000Z' });
		expect(answerClockMessage(clock, { type: 'clock:set', id: 'b', at: '2030-01-01T09:00:00+08:00' })).toEqual({ type: 'clock:ack', id: 'b', now: '2030-01-01T01:00:00.000Z' });
		expect(answerClockMessage(clock, { type: 'clock:set', id: 2, at: '2030-01-01T02:00:00Z' })).toEqual({ type: 'clock:ack', id: 2, now: '2030-01-01T02:00:00.000Z' });
	});

	it('answers a move backwards with an error and does not move', () => {
		const clock = createControlledClock(() => T0);
		expect(answerClockMessage(clock, { type: 'clock:set', id: 3, at: '2029-12-31T23:59:59Z' })).toEqual({ type: 'clock:ack', id: 3, error: 'the clock only moves forward' });
		expect(clock.nowMs()).toBe(T0);
	});

	it('answers a malformed clock request with an error, and ignores everything else', () => {
		const clock = createControlledClock(() => T0);
		expect(answerClockMessage(clock, { type: 'clock:advance', id: 4, ms: -5 })).toEqual({ type: 'clock:ack', id: 4, error: 'invalid clock message' });
		expect(answerClockMessage(clock, { type: 'clock:advance', id: 5, ms: 1.5 })).toMatchObject({ error: 'invalid clock message' });
		expect(answerClockMessage(clock, { type: 'clock:set', id: 6, at: 'tomorrow' })).toMatchObject({ error: 'invalid clock message' });
		for (const junk of [null, 42, 'clock:advance', [], { type: 'clock:advance', ms: 5 }, { type: 'other', id: 1 }, { type: 'clock:ack', id: 1, now: 'x' }, { type: 'clock:advance', id: {}, ms: 1 }]) {
			expect(answerClockMessage(clock, junk)).toBeNull();
		}
		expect(clock.nowMs()).toBe(T0);
	});
});

describe('installClockIpc', () => {
	it('answers clock requests on the channel until removed', () => {
		const clock = createControlledClock(() => T0);
		const { proc, sent, listeners } = fakeProcess();
		const remove = installClockIpc(clock, proc);
		proc.deliver({ type: 'clock:advance', id: 1, ms: 1000 });
		proc.deliver({ hello: 'world' });
		expect(sent).toEqual([{ type: 'clock:ack', id: 1, now: '2030-01-01T00:00:01.000Z' }]);
		remove();
		expect(listeners()).toBe(0);
		proc.deliver({ type: 'clock:advance', id: 2, ms: 1000 });
		expect(sent).toHaveLength(1);
		expect(clock.nowMs()).toBe(T0 + 1000);
	});

	it('does nothing for the system clock or without a channel', () => {
		const { proc, listeners } = fakeProcess();
		installClockIpc(createClock({ testClock: false }, proc), proc);
		installClockIpc(createControlledClock(), { ...proc, send: undefined });
		expect(listeners()).toBe(0);
	});
});
