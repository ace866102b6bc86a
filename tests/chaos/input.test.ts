import { afterEach, describe, expect, it } from 'vitest';
import { scale, sleep } from './harness';
import { startWorld, type World } from './world';

// Inputs that go wrong: every message sent three times, and now and then one the database
// itself refuses although it passed validation.
describe('chaos: inputs', () => {
	let world: World | undefined;
	afterEach(async () => {
		await world?.dispose();
		world = undefined;
	});

	it('stores each message once when every message is sent three times, and dead-letters what the database refuses without blocking', { timeout: 600_000 }, async () => {
		const w = (world = await startWorld({ copies: 3, poisonEvery: 97 }));
		w.load.start();
		await sleep(scale.outageSeconds * 1000);
		w.load.stop();
		const report = await w.check('copies-and-poison');
		expect(report, w.diagnostics()).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] });
		expect(w.load.poison.size).toBeGreaterThan(0);
		// Each refused message is kept with its reason; everything else is stored.
		expect(report.deadLettered).toBe(w.load.poison.size);
		expect(report.stored).toBe(report.sent - w.load.poison.size);
		const [{ reason }] = await w.app.sql<{ reason: string }[]>`select reason from dead_letter where site = any(${w.sites}) order by id limit 1`;
		expect(reason).toMatch(/^rejected by the database \(22/);
	});
});
