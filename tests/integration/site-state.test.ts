import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { ProjectionRowsBySite, SiteProjectionsPayload, SiteState } from '../../src/lib/realtime/contract';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { assertProjectionsMatchLog, importBundle } from '../fixtures/projections-check';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A dashboard's copy of the projections, as the browser keeps them: loaded by the join, then replaced row by row by `site:projections`. */
class DashboardRows {
	tables = new Map<string, Map<string, { id: string }>>();
	head = 0;
	/** The rows held right after each head reached. */
	byHead = new Map<number, ProjectionRowsBySite>();

	load(seq: number, rows: ProjectionRowsBySite) {
		for (const [name, list] of Object.entries(rows)) this.tables.set(name, new Map(list.map((r) => [r.id, r])));
		this.#reached(seq);
	}

	apply(p: SiteProjectionsPayload) {
		if (p.seq <= this.head) return;
		for (const [name, { upsert, remove }] of Object.entries(p.updates)) {
			let table = this.tables.get(name);
			if (!table) this.tables.set(name, (table = new Map()));
			for (const id of remove) table.delete(id);
			for (const row of upsert) table.set(row.id, row);
		}
		this.#reached(p.seq);
	}

	#reached(seq: number) {
		this.head = seq;
		this.byHead.set(seq, structuredClone(Object.fromEntries([...this.tables].map(([name, t]) => [name, [...t.values()]]))));
	}
}

const byId = (rows: { id: string }[] = []) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('the state of a site at any instant', () => {
	let app: RunningApp;
	const site = uniqueId('state');
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const point = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'alarm_point', id, name: name(id), device: 'FAP-1', type: 'smoke', zone: 'T1' }
	});
	const planA = { type: 'FeatureCollection', features: [point('loop1/det-1', 120.15), point('loop1/det-2', 120.151), point('loop1/det-3', 120.152)] };

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, site, 'Asia/Shanghai', planA);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const state = async (query: string): Promise<SiteState> => {
		const r = await app.api(`/api/sites/${site}/state${query}`);
		expect(r.status, `state${query}`).toBe(200);
		return (await r.json()) as SiteState;
	};
	const committedAt = async (seq: number) => {
		const [row] = await app.sql<{ committed_at: Date }[]>`select committed_at from event where stream = ${site} and seq = ${seq}`;
		return row.committed_at;
	};
	/** With an external broker a device's messages may be stored out of publishing order: wait for each kind by count. */
	const stored = (type: string, count: number) =>
		waitFor(
			async () => ((await app.sql<{ n: number }[]>`select count(*)::int as n from event where stream = ${site} and type = ${type}`)[0].n >= count ? true : undefined),
			10_000,
			`${count} ${type} stored`
		);
	const seqOf = async (sourceEventId: string) =>
		waitFor(async () => (await app.sql<{ seq: number }[]>`select seq from event where stream = ${site} and source_event_id = ${sourceEventId}`)[0]?.seq, 10_000, `${sourceEventId} stored`);

	it('gives, for every head a live dashboard reached, the rows that dashboard held; and at an instant, the prefix committed by then', async () => {
		const panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		const handset = await connectDevice(app.mqttUrl, await app.device(site, 'HH-1', 'guard_handheld'));
		const dashboard = await connectDashboard(app.baseUrl, app.cookie);
		const rows = new DashboardRows();
		const buffered: SiteProjectionsPayload[] = [];
		let joined = false;
		dashboard.socket.on('site:projections', (p) => (joined ? rows.apply(p) : buffered.push(p)));
		const head = async () => (await app.sql<{ seq: number }[]>`select seq from stream_head where stream = ${site}`)[0].seq;
		const settled = async () => {
			const h = await head();
			await waitFor(() => (rows.head >= h ? true : undefined), 10_000, `the dashboard at head ${h}`);
		};
		const step = (id: string, action: string, body?: unknown) =>
			app.api(`/api/incidents/${id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		try {
			const ack = await dashboard.join(site, 0);
			if (!ack.ok || !ack.data.projections) throw new Error('join refused or without projections');
			rows.load(ack.data.head, ack.data.projections);
			joined = true;
			for (const p of buffered) rows.apply(p);

			await panel.publish('alarms', alarmBody('a-1', { point: 'loop1/det-1' }));
			const alarmSeq = await seqOf('a-1');
			await panel.publish('alarms', alarmBody('a-2', { point: 'loop1/det-2', severity: 'major' }));
			await seqOf('a-2');
			await settled();
			const incident = ([...(rows.tables.get('incidents')?.values() ?? [])] as Incident[]).find((i) => i.point === 'loop1/det-1')!;
			expect((await step(incident.id, 'ack', { disposition: 'real' })).status).toBe(200);
			await settled();
			const ackSeq = await head();
			await panel.publish('alarms', alarmBody('a-1-clear', { point: 'loop1/det-1', state: 'cleared' }));
			await seqOf('a-1-clear');
			const started = await app.api(`/api/sites/${site}/tests`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ device: 'FAP-1', point: 'loop1/det-3', minutes: 30, reason: 'detector service' })
			});
			expect(started.status).toBe(201);
			await panel.publish('alarms', alarmBody('a-3', { point: 'loop1/det-3' }));
			await seqOf('a-3');
			await settled();
			for (let i = 0; i < 5; i++) await handset.publish('scans', scanBody(`s-${i}`, { guard: i % 2 ? 'G-1' : 'G-2', checkpoint: `CP-${i}` }));
			await stored('CheckpointScanned', 5);
			await panel.publish('status', { online: true, interval: 60 });
			await stored('DeviceCameOnline', 1);
			await panel.publish('status', { online: false });
			await stored('DeviceWentOffline', 1);
			await settled();
			expect((await app.api(`/api/sites/${site}/tests/FAP-1?point=loop1/det-3`, { method: 'DELETE' })).status).toBe(200);
			await settled();
			const end = await head();

			// Every head the dashboard passed through: the state at that seq is what it held.
			const heads = [...rows.byHead.keys()].filter((h) => h > 0);
			expect(heads.length).toBeGreaterThanOrEqual(8);
			for (const h of heads) {
				const s = await state(`?seq=${h}`);
				expect(s.seq).toBe(h);
				const held = rows.byHead.get(h)!;
				for (const name of ['incidents', 'devices', 'tests', 'guards', 'scans', 'counts']) {
					expect(byId(s.projections[name]), `${name} at seq ${h}`).toEqual(byId(held[name]));
				}
			}
			// The run covered what it was meant to: an acknowledged incident, a test, guards, an offline device.
			const last = rows.byHead.get(end)!;
			expect((last.incidents as Incident[]).map((i) => [i.alarmType, i.status]).sort()).toEqual([
				['communication_fault', 'new'],
				['fire', 'acknowledged'],
				['fire', 'new']
			]);
			expect(last.guards.map((g) => g.id).sort()).toEqual(['G-1', 'G-2']);
			expect(last.scans).toHaveLength(3);
			expect(last.devices).toEqual([{ id: 'FAP-1', site, online: false }]);
			expect((await state(`?seq=${end - 1}`)).projections.tests).toHaveLength(1);
			expect(last.tests).toHaveLength(0);

			// By commit time: before the alarm, no incident; from its commit, new; from the ack's, acknowledged.
			const before = await committedAt(alarmSeq - 1);
			expect(before.getTime()).toBeLessThan((await committedAt(alarmSeq)).getTime());
			const openIn = async (at: Date) => ((await state(`?at=${encodeURIComponent(at.toISOString())}`)).projections.incidents as Incident[]).find((i) => i.id === incident.id);
			expect(await openIn(before)).toBeUndefined();
			expect((await openIn(await committedAt(alarmSeq)))?.status).toBe('new');
			expect((await openIn(new Date((await committedAt(ackSeq)).getTime() - 1)))?.status).toBe('new');
			expect((await openIn(await committedAt(ackSeq)))?.status).toBe('acknowledged');
			const now = await state('');
			expect(now.seq).toBe(end);
			expect(now.committedAt).toBe((await committedAt(end)).toISOString());
			expect(byId(now.projections.incidents)).toEqual(byId(last.incidents));
			expect((await state(`?at=${encodeURIComponent(new Date(0).toISOString())}`)).seq).toBe(0);

			// Bad requests are refused with a reason; a seq past the head is not invented.
			expect((await app.api(`/api/sites/${site}/state?seq=${end + 1}`)).status).toBe(404);
			expect((await app.api(`/api/sites/${site}/state?seq=-1`)).status).toBe(400);
			expect((await app.api(`/api/sites/${site}/state?at=yesterday`)).status).toBe(400);
			expect((await app.api(`/api/sites/${site}/state?at=${encodeURIComponent(new Date().toISOString())}&seq=1`)).status).toBe(400);
			expect((await app.api(`/api/sites/no-such-site/state`)).status).toBe(404);
			expect((await fetch(`${app.baseUrl}/api/sites/${site}/state`)).status).toBe(401);
		} finally {
			dashboard.close();
			await panel.close();
			await handset.close();
		}
	});

	it('reads a window of the log by commit time, paged by seq', async () => {
		const all = (await (await app.api(`/api/events?site=${site}&limit=1000`)).json()) as { events: { seq: number }[] };
		const from = await committedAt(3);
		const to = await committedAt(6);
		const page = async (after: number) =>
			((await (await app.api(`/api/events?site=${site}&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&after=${after}&limit=2`)).json()) as { events: { seq: number }[] }).events.map((e) => e.seq);
		const seqs: number[] = [];
		for (let next = await page(0); next.length; next = await page(seqs.at(-1)!)) seqs.push(...next);
		const [rows] = [await app.sql<{ seq: number }[]>`select seq from event where stream = ${site} and committed_at between ${from} and ${to} order by seq`];
		expect(seqs).toEqual(rows.map((r) => r.seq));
		expect(seqs).toContain(3);
		expect(seqs).toContain(6);
		expect(seqs.length).toBeLessThan(all.events.length);
		expect(from.getTime()).toBeLessThan(to.getTime());
		expect((await app.api(`/api/events?site=${site}&from=${encodeURIComponent(to.toISOString())}&to=${encodeURIComponent(from.toISOString())}`)).status).toBe(400);
		expect((await app.api(`/api/events?site=${site}&from=noon`)).status).toBe(400);
	});

	it('shows the plan a site had at each seq: a re-import changes it from then on, the bundle of each version can be read back', async () => {
		expect((await state('?seq=1')).plan).toMatchObject({ seq: 1, timeZone: 'Asia/Shanghai', features: 3 });
		const bundle = (features: number): SiteBundle => ({
			site: { id: site, name: name('changed'), address: name('changed'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [{ id: 'FAP-1', kind: 'fire_panel', name: name('FAP-1') }],
			guards: [],
			plan: { ...planA, features: planA.features.slice(0, features) } as SiteBundle['plan']
		});
		await importBundle(app.sql, bundle(2), true);
		const before = await state('');
		expect(before.plan).toMatchObject({ seq: before.seq, features: 2 });
		await importBundle(app.sql, bundle(1), true);
		const after = await state('');
		expect(after.seq).toBe(before.seq + 1);
		expect(after.plan).toMatchObject({ seq: after.seq, features: 1 });
		expect(after.plan!.sha256).not.toBe(before.plan!.sha256);
		expect((await state(`?seq=${before.seq}`)).plan).toEqual(before.plan);
		const old = await app.api(`/api/sites/${site}/bundle/plan.geojson?version=${before.plan!.sha256}`);
		expect(old.status).toBe(200);
		expect((JSON.parse(await old.text()) as { features: unknown[] }).features).toHaveLength(2);
		expect((await app.api(`/api/sites/${site}/bundle/plan.geojson?version=${'0'.repeat(64)}`)).status).toBe(404);
		expect((await app.api(`/api/sites/${site}/bundle/plan.geojson?version=nope`)).status).toBe(400);
	});

	it('`npm run projections -- check` passes on a log and its views, fails on a row changed by hand, and `rebuild` mends it', async () => {
		const cli = (command: string) =>
			new Promise<{ code: number | null; out: string }>((resolve) => {
				const { DATABASE_URL: _, ...inherited } = process.env;
				const env = { ...inherited, ...(app.databaseUrl ? { DATABASE_URL: app.databaseUrl } : { DATA_DIR: app.dataDir }) };
				const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/projections.ts', command, '--site', site], { cwd: ROOT, env });
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				child.stderr.on('data', (d) => (out += d));
				child.on('exit', (code) => resolve({ code, out }));
			});
		const clean = await cli('check');
		expect(clean.out).toMatch(/every projection equals a replay of the log; 1 site/);
		expect(clean.code).toBe(0);

		const [{ id }] = await app.sql<{ id: string }[]>`select id from incident where site = ${site} and status = 'acknowledged'`;
		await app.sql`update incident set state = jsonb_set(state, '{count}', '99') where id = ${id}`;
		const drifted = await cli('check');
		expect(drifted.code).toBe(1);
		expect(drifted.out).toContain(`${site} incidents ${id}: different`);
		await expect(assertProjectionsMatchLog(app.sql, 'after a hand edit')).rejects.toThrow(/1 difference/);

		const rebuilt = await cli('rebuild');
		expect(rebuilt.code, rebuilt.out).toBe(0);
		expect((await cli('check')).code).toBe(0);
		const [{ count }] = await app.sql<{ count: number }[]>`select (state ->> 'count')::int as count from incident where id = ${id}`;
		expect(count).toBe(1);
	});
});
