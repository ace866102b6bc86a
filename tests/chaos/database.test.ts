import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures/ports';
import { scale, sleep, timedFetch } from './harness';
import { startWorld, type World } from './world';
import { createTestCommandRunner } from '../fixtures/projections-check';
import { newEvent } from '../../src/lib/server/commands';

// The database stopped, frozen, and held by another writer, under load. Each scenario ends
// with the same check: nothing lost or duplicated, every dashboard equal to the log.
describe('chaos: database', () => {
	let world: World | undefined;
	afterEach(async () => {
		await world?.dispose();
		world = undefined;
	});

	/** While the database is away: the app says so, answers every request in time, and shows alarms unconfirmed. */
	async function duringOutage(w: World, faultAt: number) {
		const dbTimeout = 3000;
		const milestones: Record<string, number> = {};
		await waitFor(async () => ((await timedFetch(`${w.app.baseUrl}/api/health`)).status === 503 ? true : undefined), 30_000, 'health to say degraded');
		milestones.healthDegraded = Date.now() - faultAt;
		// The console's degraded banner is driven by the heartbeat.
		await waitFor(() => (w.dashboards.some((d) => d.heartbeats.some((h) => h.degraded)) ? true : undefined), 15_000, 'a degraded heartbeat');
		milestones.bannerShown = Date.now() - faultAt;
		const site = w.sites[0];
		for (const path of ['/api/health', `/api/events?site=${site}&after=0&limit=10`, `/api/sites/${site}/state`, '/']) {
			const r = await timedFetch(`${w.app.baseUrl}${path}`, { headers: { cookie: w.app.cookie } });
			expect(r.ms, `${path} answered ${r.status} after ${r.ms} ms`).toBeLessThan(dbTimeout + 3000);
			if (path !== '/api/health') expect([200, 503]).toContain(r.status);
		}
		// A fire alarm reaches the consoles within 90 s although nothing can be stored.
		const shown = await waitFor(() => w.dashboards.flatMap((d) => d.unconfirmed)[0], 90_000, 'an unconfirmed alarm on a dashboard');
		milestones.alarmShown = Date.now() - faultAt;
		console.log(`ms after the fault: ${JSON.stringify(milestones)}`);
		expect(milestones.alarmShown).toBeLessThan(90_000);
		expect(shown.alarm.type).toMatch(/^Alarm(Raised|Cleared)$/);
	}

	it(`keeps everything through PostgreSQL stopped for ${scale.outageSeconds} s at ${scale.rate} events/s`, { timeout: 600_000 }, async () => {
		const w = (world = await startWorld());
		w.load.start();
		await sleep(scale.calmSeconds * 1000);
		await w.pg!.stop();
		const stoppedAt = Date.now();
		await duringOutage(w, stoppedAt);
		await sleep(Math.max(0, scale.outageSeconds * 1000 - (Date.now() - stoppedAt)));
		await w.pg!.start();
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('postgres-stopped');
		expect(report, w.diagnostics()).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] });
		expect(report.stored).toBe(report.sent);
		await waitFor(async () => ((await fetch(`${w.app.baseUrl}/api/health`)).status === 200 ? true : undefined), 30_000, 'healthy again');
	});

	it(`keeps everything through PostgreSQL frozen (SIGSTOP) for ${scale.outageSeconds} s`, { timeout: 600_000 }, async () => {
		const w = (world = await startWorld());
		w.load.start();
		await sleep(scale.calmSeconds * 1000);
		w.pg!.freeze();
		const frozenAt = Date.now();
		try {
			await duringOutage(w, frozenAt);
			await sleep(Math.max(0, scale.outageSeconds * 1000 - (Date.now() - frozenAt)));
		} finally {
			w.pg!.thaw();
		}
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('postgres-frozen');
		expect(report, w.diagnostics()).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] });
		expect(report.stored).toBe(report.sent);
	});

	// A second writer (another process appending to the same stream) holds its transaction open
	// for seconds at a time. Seqs are handed out under the stream head's lock, so a reader that
	// has seen N can never later find a committed N-1: catch-up readers must miss nothing.
	it('misses nothing in catch-up readers while another writer holds its transaction open', { timeout: 600_000 }, async () => {
		const w = (world = await startWorld());
		const site = w.sites[0];
		// Longer than the statement timeout (3 s here): the app's lock waits time out and are retried.
		const holdMs = 4500;
		// A reader that only ever asks the log for what follows the last seq it has.
		const read: number[] = [];
		let reading = true;
		const [{ seq: start }] = await w.app.sql<{ seq: number }[]>`select seq::int from stream_head where stream = ${site}`;
		const reader = (async () => {
			let last = start;
			while (reading) {
				const r = await fetch(`${w.app.baseUrl}/api/events?site=${site}&after=${last}&limit=1000`, { headers: { cookie: w.app.cookie } });
				const body = (await r.json()) as { events: { seq: number }[] };
				for (const e of body.events) read.push(e.seq);
				last = body.events.at(-1)?.seq ?? last;
				await sleep(20);
			}
		})();
		w.load.start();
		const holds = Math.max(3, scale.outageSeconds / 3);
		// The other writer is the product's own command path in this process: an operator's test
		// window on a device the load does not use, decided while holding the stream's lock.
		const other = createTestCommandRunner(w.app.sql);
		for (let i = 0; i < holds; i++) {
			const outcome = await other(site, async ({ now }) => {
				await sleep(holdMs);
				const until = new Date(now.getTime() + 60_000).toISOString();
				const data = { device: `chaos-writer-${i}`, point: null, until, minutes: 1, reason: 'held open' };
				return { ok: true, events: [newEvent({ stream: site, type: 'TestModeStarted', sourceKind: 'system', sourceId: 'chaos', data }, now)] };
			});
			expect(outcome.ok).toBe(true);
			await sleep(500);
		}
		await sleep(scale.calmSeconds * 1000);
		w.load.stop();
		const report = await w.check('open-transaction');
		expect(report, w.diagnostics()).toMatchObject({ lost: 0, duplicated: 0, unacknowledged: 0, dashboardMismatches: [] });
		const [{ head }] = await w.app.sql<{ head: number }[]>`select seq::int as head from stream_head where stream = ${site}`;
		await waitFor(() => ((read.at(-1) ?? start) >= head ? true : undefined), 30_000, 'the reader at the head').catch(() => undefined);
		reading = false;
		await reader;
		expect(read).toEqual(Array.from({ length: head - start }, (_, k) => start + k + 1));
	});
});
