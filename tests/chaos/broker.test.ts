import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures/ports';
import { scale, sleep } from './harness';
import { BROKER, startWorld, type World } from './world';

// A separate broker restarted and killed under load (the embedded one lives and dies with the
// app: see app.test.ts), and the proof that the chaos check catches the loss Mosquitto's
// default queue limit causes.
describe.runIf(BROKER === 'mosquitto')('chaos: broker', () => {
	let world: World | undefined;
	afterEach(async () => {
		await world?.dispose();
		world = undefined;
	});

	const clean = { lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] };

	// Mosquitto 2.0 does not fsync what it acknowledges, and does not restore shared subscriptions
	// from its persistence file: what devices publish after a restart, before the bridge has
	// subscribed again, has no subscriber and is dropped although acknowledged. So across a broker
	// restart no MQTT acknowledgement is end to end; devices hold each message until the app's
	// receipt. The report counts what the broker dropped (the resends that made it good).
	for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
		it(`keeps everything through the broker ${signal === 'SIGTERM' ? 'restarted' : 'killed'} under load (devices resend until receipt)`, { timeout: 600_000 }, async () => {
			const w = (world = await startWorld({ confirm: 'receipt' }));
			w.load.start();
			await sleep(scale.calmSeconds * 1000);
			await w.broker!.stop(signal);
			await sleep(3000);
			await w.broker!.start();
			await sleep(scale.calmSeconds * 1000 + 3000);
			w.load.stop();
			const report = await w.check(signal === 'SIGTERM' ? 'broker-restarted' : 'broker-killed');
			expect(report, w.diagnostics()).toMatchObject(clean);
			expect(report.stored).toBe(report.sent);
		});
	}

	// Mosquitto keeps 1,000 messages per offline session by default and drops the rest without a
	// word. With the database down the bridge is offline; the check must see the loss.
	it("detects the loss caused by Mosquitto's default queue limit during a database outage", { timeout: 600_000 }, async () => {
		const w = (world = await startWorld({ queue: 'default', bridgeConnections: 1 }));
		w.load.start();
		await sleep(scale.calmSeconds * 1000);
		await w.pg!.stop();
		await waitFor(async () => ((await fetch(`${w.app.baseUrl}/api/health`)).status === 503 ? true : undefined), 30_000, 'degraded');
		// Enough for well over a full queue.
		await sleep(Math.max(scale.outageSeconds * 1000, (3000 / scale.rate) * 1000));
		await w.pg!.start();
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('default-queue-limit', 60_000);
		expect(report.lost, w.diagnostics()).toBeGreaterThan(0);
		expect(report.unacknowledged).toBe(0); // the broker acknowledged every one of them
	});
});
