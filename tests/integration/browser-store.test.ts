import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { workChecklist } from '../fixtures/procedures';
import { SITE_PROJECTIONS } from '../../src/lib/domain/projections';
import type { Incident } from '../../src/lib/domain/incident/model';
import { ProjectionStore } from '../../src/lib/realtime/store.svelte';
import type { EventsPage, SiteProjectionsPayload } from '../../src/lib/realtime/contract';

// The browser's two ways of holding a site's projections, against the real pipeline: the rows the
// server sends live (`site:projections`, as the console keeps them) and the rows the browser folds
// itself from the log (`GET /api/events`, as a replay cursor does) must be the same, across the
// site's midnight, for alarms, incident steps, test mode, devices offline and back, and scans.
describe('the browser store against the server', () => {
	let app: RunningApp;
	const site = uniqueId('store');
	const TZ = 'Asia/Shanghai';
	const byId = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

	beforeAll(async () => {
		app = await startApp({ testClock: true, env: { ESCALATION_SECONDS: 'critical=30,major=600' } });
		await createSite(app.sql, site, TZ);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const post = (path: string, body?: unknown) =>
		app.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const page = async (after: number): Promise<EventsPage> => (await app.api(`/api/events?site=${site}&after=${after}&limit=1000`)).json();

	it('folds the log to the rows the server sent live, across the site\'s midnight', async () => {
		// A minute before the next midnight in Shanghai (16:00 UTC).
		const midnight = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 2, 16));
		await app.clock.set(new Date(midnight.getTime() - 60_000));

		const live = new ProjectionStore();
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		let lastPacket = 0;
		dash.socket.on('site:projections', (p: SiteProjectionsPayload) => {
			if (p.site !== site) return;
			live.apply(p);
			lastPacket = Math.max(lastPacket, p.seq);
		});
		const fire = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		const lift = await connectDevice(app.mqttUrl, await app.device(site, 'ELV-7', 'elevator_monitor'));
		const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-1', 'guard_handheld'));
		const queue = () => live.siteRows('incidents', site) as Incident[];
		const liveDevice = (online: boolean) => waitFor(() => live.siteRows('devices', site).find((d) => d.id === 'ELV-7' && d.online === online), 10_000, `ELV-7 ${online}`);
		try {
			const joined = await dash.join(site, 0);
			if (!joined.ok) throw new Error(joined.error);
			live.load(site, joined.data.head, joined.data.projections ?? {});

			await fire.publish('alarms', alarmBody('a-1', { point: 'loop1/det-1' }));
			await fire.publish('alarms', alarmBody('a-2', { point: 'loop1/det-1' }));
			const opened = await waitFor(() => queue().find((i) => i.point === 'loop1/det-1' && i.count === 2), 10_000, 'the fire, twice');
			expect((await post(`/api/incidents/${opened.id}/ack`, { disposition: 'real' })).status).toBe(200);
			await fire.publish('alarms', alarmBody('a-3', { point: 'loop1/det-1', state: 'cleared' }));
			await waitFor(() => queue().find((i) => i.id === opened.id && i.sourceRestoredAt), 10_000, 'the fire cleared');
			await workChecklist(app, opened.id);
			expect((await post(`/api/incidents/${opened.id}/resolve`)).status).toBe(200);
			expect((await post(`/api/incidents/${opened.id}/close`)).status).toBe(200);

			expect((await post(`/api/sites/${site}/tests`, { device: 'FAP-1', point: 'loop1/det-2', minutes: 30, reason: 'annual test' })).status).toBe(201);
			await fire.publish('alarms', alarmBody('a-4', { point: 'loop1/det-2' }));
			await fire.receiptFor('a-4');
			expect((await app.api(`/api/sites/${site}/tests/FAP-1?point=${encodeURIComponent('loop1/det-2')}`, { method: 'DELETE' })).status).toBe(200);

			await lift.publish('status', { online: true });
			await liveDevice(true);
			await lift.publish('status', { online: false });
			await liveDevice(false);
			await lift.publish('status', { online: true });
			await liveDevice(true);

			for (let n = 1; n <= 5; n++) {
				await handheld.publish('scans', scanBody(`s-${n}`, { guard: `G-${n % 3}`, checkpoint: `CP-${n}` }));
				await handheld.receiptFor(`s-${n}`);
			}
			// Past midnight: the escalation of the critical fire below is due too.
			await fire.publish('alarms', alarmBody('a-5', { point: 'loop3/det-1' }));
			await fire.receiptFor('a-5');
			await app.clock.set(new Date(midnight.getTime() + 30_000));
			await handheld.publish('scans', scanBody('s-6', { guard: 'G-1', checkpoint: 'CP-1' }));
			await fire.publish('alarms', alarmBody('a-6', { point: 'loop2/det-9', type: 'equipment_fault', severity: 'major' }));
			await Promise.all([handheld.receiptFor('s-6'), fire.receiptFor('a-6')]);
			await waitFor(() => queue().find((i) => i.point === 'loop3/det-1' && i.escalationLevel > 0), 20_000, 'the escalation');

			// The log up to a head the live store has seen every packet of, and no later event.
			const { events, head } = await waitFor(async () => {
				const read = await page(0);
				await waitFor(() => (lastPacket >= read.head ? true : undefined), 10_000, `the packets up to ${read.head}`);
				return (await page(read.head)).events.length === 0 ? read : undefined;
			}, 20_000, 'a quiet log');
			expect(events).toHaveLength(head);

			const now = await app.clock.advance(0);
			live.refreshViews(site, now, { timeZone: TZ });
			const folded = new ProjectionStore();
			folded.restore(site, { seq: 0, plan: null, projections: {} }, TZ);
			expect(folded.evolve(site, events, now)).toEqual({ seq: head, gap: false });
			for (const p of SITE_PROJECTIONS) expect(byId(folded.siteRows(p.name, site)), p.name).toEqual(byId(live.siteRows(p.name, site)));

			// Not two stores equally empty: what the day came to.
			expect(queue().map((i) => [i.point, i.status]).sort()).toEqual([
				['loop2/det-9', 'new'],
				['loop3/det-1', 'new'],
				['-', 'new']
			].sort());
			expect(live.siteRows('scans', site).map((s) => s.checkpoint).sort()).toEqual(['CP-1', 'CP-4', 'CP-5']);
			expect(live.siteRows('guards', site).map((g) => g.id).sort()).toEqual(['G-0', 'G-1', 'G-2']);
			const days = byId(live.siteRows('counts', site));
			expect(days).toHaveLength(2);
			expect(days[1].counts).toMatchObject({ CheckpointScanned: 1, AlarmRaised: 1 });
			expect(days[0].counts).toMatchObject({ CheckpointScanned: 5, AlarmRaised: 4, TestModeStarted: 1, TestModeEnded: 1 });
		} finally {
			dash.close();
			await Promise.all([fire.close(), lift.close(), handheld.close()]);
		}
	});
});
