import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../fixtures/app';

// The controlled clock end to end: the production build in a child process, moved over its IPC
// channel by the fixture, and kept across a restart.
const HOUR = 3_600_000;
const near = (a: Date, b: number, slackMs = 5000) => Math.abs(a.getTime() - b) < slackMs;

describe('the test clock', () => {
	let app: RunningApp;
	beforeAll(async () => {
		app = await startApp({ testClock: true });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('advances and sets the app clock forward, and refuses to move it back', async () => {
		const advanced = await app.clock.advance(HOUR);
		expect(near(advanced, Date.now() + HOUR)).toBe(true);
		const target = new Date(Date.now() + 5 * HOUR);
		const set = await app.clock.set(target);
		expect(set.getTime()).toBeGreaterThanOrEqual(target.getTime());
		expect(near(set, target.getTime())).toBe(true);
		await expect(app.clock.set(new Date(Date.now() + HOUR))).rejects.toThrow(/only moves forward/);
		const still = await app.clock.advance(0);
		expect(still.getTime()).toBeGreaterThanOrEqual(set.getTime());
	});

	it('ignores junk on the channel, and answers a malformed request with an error', async () => {
		app.child.send({ hello: 'world' });
		app.child.send('clock:advance');
		const now = await app.clock.advance(0);
		await expect(app.clock.advance(-1)).rejects.toThrow(/invalid clock message/);
		expect((await app.clock.advance(0)).getTime()).toBeGreaterThanOrEqual(now.getTime());
	});

	it('keeps its time across a restart, graceful or not', async () => {
		const before = await app.clock.advance(HOUR);
		await app.restart();
		const after = await app.clock.advance(0);
		expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
		expect(near(after, before.getTime(), 60_000)).toBe(true);
		await app.restart('SIGKILL');
		const again = await app.clock.advance(HOUR);
		expect(again.getTime()).toBeGreaterThanOrEqual(after.getTime() + HOUR);
	});
});

describe('without the test clock', () => {
	let app: RunningApp;
	beforeAll(async () => {
		app = await startApp({ env: { SHOUWANG_TEST_CLOCK: '1' } });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('the switch alone (no IPC channel) gives no way to move the clock', async () => {
		await expect(app.clock.advance(HOUR)).rejects.toThrow(/testClock/);
		expect(app.child.connected).toBe(false);
		const r = await app.api('/api/health');
		expect(r.status).toBe(200);
	});
});
