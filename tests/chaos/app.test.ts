import { afterEach, describe, expect, it } from 'vitest';
import { scale, sleep } from './harness';
import { BROKER, startWorld, type World } from './world';

// The app itself killed, stopped and cut off from its dashboards, under load.
describe('chaos: app and dashboards', () => {
	let world: World | undefined;
	afterEach(async () => {
		await world?.dispose();
		world = undefined;
	});

	const clean = { lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] };

	it(`keeps everything through ${scale.kills} SIGKILLs of the app under load`, { timeout: 900_000 }, async () => {
		// With the embedded broker the app is the broker too, and its own PostgreSQL is orphaned by each kill.
		const w = (world = await startWorld({ embeddedDatabase: BROKER === 'aedes' }));
		w.load.start();
		for (let k = 0; k < scale.kills; k++) {
			await sleep(3000);
			await w.app.restart('SIGKILL');
		}
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('app-sigkill');
		expect(report, w.diagnostics()).toMatchObject(clean);
		expect(report.stored).toBe(report.sent);
	});

	// SIGTERM: the server stops taking input, finishes the commits in flight and closes; the
	// Socket.IO server goes with it, and the dashboards resume by seq once it is back.
	it('keeps everything through SIGTERM under load (the Socket.IO server restarting)', { timeout: 600_000 }, async () => {
		const w = (world = await startWorld());
		w.load.start();
		await sleep(scale.calmSeconds * 1000);
		const connectsBefore = w.dashboards.map((d) => d.connects);
		await w.app.restart('SIGTERM');
		expect(w.app.logs()).toMatch(/SIGTERM: shutting down/);
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('app-sigterm');
		expect(report, w.diagnostics()).toMatchObject(clean);
		expect(report.stored).toBe(report.sent);
		// Every dashboard really lost its connection and came back.
		expect(w.dashboards.every((d, i) => d.connects > connectsBefore[i])).toBe(true);
	});

	for (const seconds of [scale.shortCutSeconds, scale.longCutSeconds]) {
		it(`resyncs dashboards by seq after their connection is cut for ${seconds} s`, { timeout: 600_000 }, async () => {
			const w = (world = await startWorld({ relay: true }));
			w.load.start();
			await sleep(scale.calmSeconds * 1000);
			w.relay!.cut();
			await sleep(seconds * 1000);
			w.relay!.restore();
			await sleep(scale.calmSeconds * 1000);
			w.load.stop();
			const report = await w.check(`dashboard-cut-${seconds}s`);
			expect(report, w.diagnostics()).toMatchObject(clean);
			// Past Socket.IO's ping timeout both ends give up: the dashboards reconnect, and having
			// missed more than the catch-up limit, page the log.
			if (seconds > 45) {
				expect(w.dashboards.every((d) => d.connects >= 2)).toBe(true);
				expect(report.resyncs).toBeGreaterThan(0);
			}
		});
	}
});
