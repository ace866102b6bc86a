import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { connectDashboard } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import { importBundle } from '../fixtures/projections-check';
import { fireProcedure, publishProcedure, workChecklist } from '../fixtures/procedures';
import { SYSTEM_STREAM } from '../../src/lib/domain/envelope';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { Shift } from '../../src/lib/domain/shift/model';
import type { ShiftRecord } from '../../src/lib/domain/shift/record';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { Sql } from '../../src/lib/server/db/client';
import { createProjections } from '../../src/lib/server/projections';
import { checkProjections, rebuildProjections } from '../../src/lib/server/replay/check';
import { DEFAULT_ESCALATION } from '../../src/lib/domain/incident/escalation';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

function estate(id: string): SiteBundle {
	return {
		site: { id, name: name(`Estate ${id}`), address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [{ id: 'FAP-9', kind: 'fire_panel', name: name('Fire panel') }],
		guards: [],
		places: [{ building: 'T1', units: [{ id: '1', floors: [1, 3], roomsPerFloor: 2 }] }],
		plan: { type: 'FeatureCollection', features: [] }
	} as SiteBundle;
}

// The duty shift over the real app: started, joined, logged, handed over with both sign-offs,
// live on a console's socket, its record as CSV and as a page, and checked against the log.
describe('duty shifts', () => {
	let app: RunningApp;
	const site = uniqueId('shift');
	const PASSWORD = 'a long enough password 1';
	const people = { li: 'Operator Li', wu: '吴芳', chen: '陈静', zhao: 'Operator Zhao', wang: 'Manager Wang', guard: 'Guard Sun' } as const;
	type Who = keyof typeof people;
	const ids = {} as Record<Who, string>;
	const cookies = {} as Record<Who, string>;

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, estate(site));
		for (const who of Object.keys(people) as Who[]) {
			const role = who === 'wang' ? 'manager' : who === 'guard' ? 'guard' : 'operator';
			const user = await createUser(app.sql, { username: `${who}-${site}`, displayName: people[who], role, password: PASSWORD, sites: [site] });
			ids[who] = user.id;
			cookies[who] = await signInCookie(app.baseUrl, `${who}-${site}`, PASSWORD);
		}
		await publishProcedure(app, fireProcedure('S'));
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const call = (who: Who, method: string, path: string, body?: unknown) =>
		fetch(`${app.baseUrl}${path}`, {
			method,
			headers: { origin: app.baseUrl, cookie: cookies[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const post = (who: Who, path: string, body: unknown = {}) => call(who, 'POST', path, body);
	const reasonOf = async (r: Response) => ((await r.json()) as { reason?: string }).reason;
	const current = async () => (await (await call('li', 'GET', '/api/shifts')).json()) as { onDuty: Shift | null; understaffed: boolean; shifts: Shift[]; staff: { id: string; name: string; role: string }[] };

	it('runs a shift: start, join, duty log, a handover listing what stands open and needing both sign-offs, then the next shift; live on a console', async () => {
		// A console of someone not on the shift follows it; a guard's socket may not.
		const watcher = await connectDashboard(app.baseUrl, cookies.chen);
		const guardSocket = await connectDashboard(app.baseUrl, cookies.guard);
		try {
			expect(await guardSocket.socket.timeout(10_000).emitWithAck('shifts:join', {})).toEqual({ ok: false, error: 'forbidden' });
			const joined = await watcher.socket.timeout(10_000).emitWithAck('shifts:join', {});
			expect(joined).toMatchObject({ ok: true, data: { site: SYSTEM_STREAM, projections: { shifts: [] } } });
			const seen = (id: string) => watcher.projections.filter((p) => p.site === SYSTEM_STREAM).flatMap((p) => (p.updates.shifts?.upsert ?? []) as Shift[]).filter((s) => s.id === id);
			const latest = (id: string) => seen(id).at(-1);

			const before = await current();
			expect(before.onDuty).toBeNull();
			expect(before.staff.map((s) => s.name)).toEqual(expect.arrayContaining([people.li, people.wu, people.chen, people.zhao, people.wang]));
			expect(before.staff.map((s) => s.name)).not.toContain(people.guard);

			// Start: a guard may not; the manager on duty must be a manager.
			expect((await post('guard', '/api/shifts', { managerOnDuty: ids.wang })).status).toBe(403);
			const wrong = await post('li', '/api/shifts', { managerOnDuty: ids.wu });
			expect([wrong.status, await reasonOf(wrong)]).toEqual([400, 'not_a_manager']);
			expect((await post('li', '/api/shifts', { managerOnDuty: ids.wang, sites: ['nowhere'] })).status).toBe(400);
			const t0 = Date.now();
			const started = await post('li', '/api/shifts', { managerOnDuty: ids.wang });
			expect(started.status).toBe(201);
			const { shift: s1 } = (await started.json()) as { shift: Shift };
			expect(s1).toMatchObject({ operators: [{ user: ids.li, leftAt: null }], managerOnDuty: ids.wang, endedAt: null, previous: null });
			const live = await waitFor(() => latest(s1.id), 5_000, 'the new shift on the watching console');
			expect(Date.now() - t0).toBeLessThan(1000);
			expect(live.startedBy).toBe(ids.li);
			// One operator on: understaffed until a second signs on. One shift at a time.
			expect((await current()).understaffed).toBe(true);
			const second = await post('wu', '/api/shifts', { managerOnDuty: ids.wang });
			expect([second.status, await reasonOf(second)]).toEqual([409, 'shift_on_duty']);
			const managerJoin = await post('wang', `/api/shifts/${s1.id}/join`);
			expect([managerJoin.status, await reasonOf(managerJoin)]).toEqual([403, 'operators_only']);
			expect((await post('wu', `/api/shifts/${s1.id}/join`)).status).toBe(200);
			expect(await reasonOf(await post('wu', `/api/shifts/${s1.id}/join`))).toBe('already_on_duty');
			expect((await current()).understaffed).toBe(false);
			await waitFor(() => (latest(s1.id)?.operators.length === 2 ? true : undefined), 5_000, 'the join on the console');

			// The duty log: operators on duty and the manager on duty write; others may not.
			expect((await post('li', `/api/shifts/${s1.id}/log`, { kind: 'call', text: '业主来电：T1-1-101 有烟味' })).status).toBe(201);
			expect((await post('wu', `/api/shifts/${s1.id}/log`, { kind: 'visitor', text: 'Fire inspector Zhang, 10:05' })).status).toBe(201);
			expect((await post('wang', `/api/shifts/${s1.id}/log`, { kind: 'equipment_check', text: 'Panel lamp test OK' })).status).toBe(201);
			const outsider = await post('chen', `/api/shifts/${s1.id}/log`, { kind: 'note', text: 'not mine' });
			expect([outsider.status, await reasonOf(outsider)]).toEqual([409, 'not_on_duty']);
			const blank = await post('li', `/api/shifts/${s1.id}/log`, { kind: 'note', text: '   ' });
			expect([blank.status, await reasonOf(blank)]).toEqual([400, 'text_required']);
			expect((await post('li', `/api/shifts/${s1.id}/log`, { kind: 'gossip', text: 'x' })).status).toBe(400);
			expect((await post('li', '/api/shifts/S999/log', { kind: 'note', text: 'x' })).status).toBe(404);
			const logged = await waitFor(() => (latest(s1.id)?.log.length === 3 ? latest(s1.id) : undefined), 5_000, 'the log on the console');
			expect(logged.log.map((l) => [l.n, l.kind, l.by])).toEqual([[1, 'call', ids.li], [2, 'visitor', ids.wu], [3, 'equipment_check', ids.wang]]);

			// Incidents while on duty: a fire (its checklist attached, unfinished), a medical call (no
			// procedure), and one opened and resolved before the handover.
			const open = async (kind: string) => ((await (await post('li', '/api/incidents', { site, kind })).json()) as { incident: Incident }).incident;
			const fire = await open('fire');
			const medical = await open('medical_emergency');
			const done = await open('other');
			expect((await post('li', `/api/incidents/${done.id}/ack`, { disposition: 'false_alarm' })).status).toBe(200);
			await workChecklist(app, done.id);
			expect((await post('li', `/api/incidents/${done.id}/resolve`)).status).toBe(200);
			expect((await post('li', `/api/incidents/${fire.id}/ack`, { disposition: 'real' })).status).toBe(200);
			expect((await post('li', `/api/incidents/${fire.id}/checklist/confirm`, { action: 'done' })).status).toBe(200);

			// The handover: nothing to sign before it is proposed; proposed by an operator on duty only.
			expect(await reasonOf(await post('li', `/api/shifts/${s1.id}/handover/sign`, { side: 'outgoing' }))).toBe('no_handover');
			const next = { operators: [ids.chen, ids.zhao], managerOnDuty: ids.wang };
			expect(await reasonOf(await post('chen', `/api/shifts/${s1.id}/handover`, { next, notes: 'x' }))).toBe('not_on_duty');
			expect(await reasonOf(await post('li', `/api/shifts/${s1.id}/handover`, { next: { ...next, operators: [ids.chen, ids.guard] }, notes: '' }))).toBe('not_an_operator');
			const proposed = await post('wu', `/api/shifts/${s1.id}/handover`, { next, notes: 'Gas smell at T1-1-101 checked, nothing found' });
			expect(proposed.status).toBe(200);
			const handover = ((await proposed.json()) as { shift: Shift }).shift.handover!;
			expect(handover.openIncidents.map((i) => i.id).sort()).toEqual([fire.id, medical.id].sort());
			expect(handover.openIncidents.find((i) => i.id === fire.id)).toMatchObject({ site, kind: 'fire', status: 'acknowledged' });
			// The fire's checklist (one step of three done) and the medical call's shipped one, untouched.
			expect(handover.unfinishedChecklists.toSorted((a, b) => (a.procedure < b.procedure ? -1 : 1))).toEqual([
				{ incident: fire.id, site, procedure: 'fire', version: expect.any(Number), settled: 1, total: 3, overdue: 0 },
				{ incident: medical.id, site, procedure: 'medical_emergency', version: 1, settled: 0, total: expect.any(Number), overdue: 0 }
			]);
			expect(handover.next).toEqual(next);

			// Signing: the wrong side is refused, one side is not enough, the shift stays on duty.
			expect(await reasonOf(await post('chen', `/api/shifts/${s1.id}/handover/sign`, { side: 'outgoing' }))).toBe('not_outgoing');
			expect(await reasonOf(await post('li', `/api/shifts/${s1.id}/handover/sign`, { side: 'incoming' }))).toBe('not_incoming');
			const outgoing = await post('li', `/api/shifts/${s1.id}/handover/sign`, { side: 'outgoing' });
			expect(outgoing.status).toBe(200);
			expect(await outgoing.json()).toMatchObject({ started: null, shift: { endedAt: null, handover: { outgoing: { by: ids.li }, incoming: null } } });
			expect(await reasonOf(await post('wu', `/api/shifts/${s1.id}/handover/sign`, { side: 'outgoing' }))).toBe('already_signed');
			expect((await current()).onDuty?.id).toBe(s1.id);
			expect(await reasonOf(await post('chen', '/api/shifts', { managerOnDuty: ids.wang }))).toBe('shift_on_duty');

			const incoming = await post('chen', `/api/shifts/${s1.id}/handover/sign`, { side: 'incoming' });
			expect(incoming.status).toBe(200);
			const signed = (await incoming.json()) as { shift: Shift; started: Shift };
			expect(signed.shift.endedAt).not.toBeNull();
			expect(signed.shift.next).toBe(signed.started.id);
			expect(signed.started).toMatchObject({ previous: s1.id, managerOnDuty: ids.wang, startedBy: ids.chen, endedAt: null });
			expect(signed.started.operators.map((o) => o.user)).toEqual([ids.chen, ids.zhao]);
			const after = await current();
			expect(after.onDuty?.id).toBe(signed.started.id);
			expect(after.shifts.map((s) => s.id).slice(0, 2)).toEqual([signed.started.id, s1.id]);
			// Both on the console: the old one ended and the new one on duty.
			await waitFor(() => (latest(s1.id)?.endedAt && latest(signed.started.id) ? true : undefined), 5_000, 'the handover on the console');
			expect(await reasonOf(await post('li', `/api/shifts/${s1.id}/log`, { kind: 'note', text: 'late' }))).toBe('shift_ended');

			// On the new shift: the last operator on hands over instead of signing off.
			expect((await post('zhao', `/api/shifts/${signed.started.id}/leave`)).status).toBe(200);
			expect(await reasonOf(await post('chen', `/api/shifts/${signed.started.id}/leave`))).toBe('last_operator');
			expect((await current()).understaffed).toBe(true);

			// A console that joins now gets the shift on duty and the one before it.
			const late = await connectDashboard(app.baseUrl, cookies.wang);
			try {
				const rows = await late.socket.timeout(10_000).emitWithAck('shifts:join', {});
				expect(rows.ok && (rows.data.projections.shifts as Shift[]).map((s) => s.id)).toEqual([signed.started.id, s1.id]);
			} finally {
				late.close();
			}
		} finally {
			watcher.close();
			guardSocket.close();
		}
	});

	it('gives the outgoing shift’s record as JSON, as CSV with a byte-order mark, and as a page to print', async () => {
		const s1 = (await current()).shifts.find((s) => s.id === 'S1')!;
		const record = (await (await call('wang', 'GET', `/api/shifts/${s1.id}`)).json()) as ShiftRecord;
		expect(record.incidents.map((i) => i.alarmType)).toEqual(['fire', 'medical_emergency', 'other']);
		expect(record.names[ids.li]).toBe(people.li);
		expect(record.timeZone).toBe('Asia/Shanghai');

		const csv = await call('wang', 'GET', `/api/shifts/${s1.id}/record.csv`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes.slice(3));
		const rows = text.split('\r\n');
		expect(rows[0]).toBe('section,at,until,kind,site,id,status,severity,person,text');
		expect(rows.filter((r) => r.startsWith('incident,'))).toHaveLength(3);
		expect(rows.filter((r) => r.startsWith('handover_incident,'))).toHaveLength(2);
		expect(rows.filter((r) => r.startsWith('handover_checklist,'))).toHaveLength(2);
		expect(text).toContain('业主来电：T1-1-101 有烟味');
		expect(text).toContain(`${people.wu},"Fire inspector Zhang, 10:05"`);
		expect(rows.find((r) => r.startsWith('signature,') && r.includes(',outgoing,'))).toContain(`signed,,${people.li}`);
		expect(rows.find((r) => r.startsWith('signature,') && r.includes(',incoming,'))).toContain(`signed,,${people.chen}`);

		const page = await call('li', 'GET', `/shifts/${s1.id}/print`);
		expect(page.status).toBe(200);
		const html = await page.text();
		for (const expected of ['业主来电：T1-1-101 有烟味', 'Panel lamp test OK', people.li, people.chen, people.wang]) expect(html).toContain(expected);
		expect((await call('guard', 'GET', `/shifts/${s1.id}/print`)).status).toBe(403);
		expect((await call('li', 'GET', '/shifts/S999/print')).status).toBe(404);
		expect((await call('guard', 'GET', `/api/shifts/${s1.id}/record.csv`)).status).toBe(403);

		// The patrol report has a column of figures per shift that watched the site (no rounds here: zeros).
		const report = (await (await call('wang', 'GET', `/api/reports/patrol?site=${site}`)).json()) as { sites: { byShift: { shift: string; rounds: { total: number } }[] }[] };
		expect(report.sites[0].byShift.map((f) => [f.shift, f.rounds.total])).toEqual([['S1', 0], ['S2', 0]]);
	});

	it('is a projection of the system stream: `projections check` sees a row that drifts, and `rebuild` puts it back', async () => {
		const sql = app.sql as unknown as Sql;
		const registry = createProjections({ escalation: DEFAULT_ESCALATION, heartbeatGraceSeconds: 30 });
		expect((await checkProjections(sql, registry)).differences).toEqual([]);
		await app.sql`update shift set state = jsonb_set(state, '{log,0,text}', '"edited by hand"') where id = 'S1'`;
		const drift = await checkProjections(sql, registry);
		expect(drift.differences.map((d) => [d.site, d.projection, d.id, d.kind])).toEqual([[SYSTEM_STREAM, 'shifts', 'S1', 'different']]);
		expect((await checkProjections(sql, registry, { sites: [site] })).differences).toEqual([]);
		await rebuildProjections(sql, registry, { every: 2000 });
		expect((await checkProjections(sql, registry)).differences).toEqual([]);
		const [row] = await app.sql<{ text: string }[]>`select state #>> '{log,0,text}' as text from shift where id = 'S1'`;
		expect(row.text).toBe('业主来电：T1-1-101 有烟味');
	});
});
