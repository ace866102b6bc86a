import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import { assertProjectionsMatchLog, importBundle } from '../fixtures/projections-check';
import { fireProcedure, publishProcedure, workChecklist } from '../fixtures/procedures';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { Checklist } from '../../src/lib/domain/checklist/model';
import type { EventEnvelope } from '../../src/lib/domain/events';
import type { SiteProjectionsPayload } from '../../src/lib/realtime/contract';
import type { SiteBundle } from '../../src/lib/domain/site/model';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

/** A site with one building of places and one alarm point (with a camera), so openings by hand and drills have somewhere to be. */
function estate(id: string): SiteBundle {
	return {
		site: { id, name: name(`Estate ${id}`), address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [{ id: 'FAP-9', kind: 'fire_panel', name: name('Fire panel') }],
		guards: [],
		places: [{ building: 'T1', units: [{ id: '1', floors: [-1, 3], roomsPerFloor: 2 }] }],
		plan: {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[120.15, 30.28], [120.151, 30.28], [120.151, 30.281], [120.15, 30.28]]] }, properties: { kind: 'building', id: 'T1', name: name('Tower 1'), floors: 3, units: 1 } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.1505, 30.2805] }, properties: { kind: 'alarm_point', id: 'loop1/det-1', name: name('Lobby detector'), device: 'FAP-9', type: 'fire', zone: 'Lobby', camera: 'https://cctv.example/lobby' } }
			]
		}
	} as SiteBundle;
}

// Procedures on incidents over the real pipeline: attached when an incident opens, worked step by
// step (live on every console), keeping a resolve back while required steps are open.
describe('checklists', () => {
	let app: RunningApp;
	const site = uniqueId('chk');
	const PASSWORD = 'a long enough password 1';
	let operatorCookie = '';
	let managerCookie = '';

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, estate(site));
		await createUser(app.sql, { username: `op-${site}`, displayName: 'Operator Li', role: 'operator', password: PASSWORD, sites: [site] });
		await createUser(app.sql, { username: `mgr-${site}`, displayName: 'Manager Wang', role: 'manager', password: PASSWORD, sites: [site] });
		operatorCookie = await signInCookie(app.baseUrl, `op-${site}`, PASSWORD);
		managerCookie = await signInCookie(app.baseUrl, `mgr-${site}`, PASSWORD);
	});
	afterAll(async () => {
		if (app) await assertProjectionsMatchLog(app.sql, 'checklists');
		await app?.dispose();
	});

	const as = (cookie: string) => (path: string, body?: unknown) =>
		fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { origin: app.baseUrl, cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
	const operator = (path: string, body?: unknown) => as(operatorCookie)(path, body);
	const detail = async (id: string) => (await (await app.api(`/api/incidents/${id}`)).json()) as { incident: Incident; checklist: Checklist | null; procedure: { version: number; title: { en: string } } | null; events: EventEnvelope[] };
	const incidents = async () => ((await (await app.api(`/api/incidents?site=${site}&status=all`)).json()) as { incidents: Incident[] }).incidents;

	it('attaches the fire procedure when a fire incident opens, refuses to resolve it with a required step open, and shows each step live on a second console', async () => {
		const published = await publishProcedure(app, fireProcedure('A'));
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-9', 'fire_panel'));
		const watcher = await connectDashboard(app.baseUrl, managerCookie);
		const updates: SiteProjectionsPayload[] = [];
		watcher.socket.on('site:projections', (p) => updates.push(p));
		const seen = () => updates.flatMap((u) => (u.updates.checklists?.upsert ?? []) as Checklist[]);
		try {
			expect((await watcher.join(site, 0)).ok).toBe(true);
			await device.publish('alarms', alarmBody('fire-1', { point: 'loop1/det-1', zone: 'Lobby' }));
			const opened = await waitFor(async () => (await incidents()).find((i) => i.point === 'loop1/det-1' && i.status === 'new'), 10_000, 'fire incident');
			const attached = await waitFor(() => seen().find((c) => c.id === opened.id), 5_000, 'checklist broadcast');
			expect(attached).toMatchObject({ procedure: 'fire', version: published.version, drill: false, openedAt: opened.openedAt, results: {} });
			const first = await detail(opened.id);
			expect(first.procedure?.version).toBe(published.version);
			// The attaching is in the log, in the same transaction as the opening: right after it.
			const attach = first.events.find((e) => e.type === 'ChecklistAttached')!;
			expect(attach).toMatchObject({ seq: opened.openedSeq + 1, source: { kind: 'system', id: 'procedures' } });

			// Steps wait for someone to take the alarm.
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/confirm`, { action: 'done' })).json()).toMatchObject({ reason: 'not_acknowledged' });
			expect((await operator(`/api/incidents/${opened.id}/ack`, { disposition: 'real' })).status).toBe(200);
			const refused = await operator(`/api/incidents/${opened.id}/resolve`);
			expect(refused.status).toBe(409);
			expect(await refused.json()).toMatchObject({ reason: 'checklist_open' });

			// Refusals with reasons: order, a branch not chosen, a skip without reason, an unknown answer.
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/real_or_false`, { action: 'answer', answer: 'false' })).json()).toMatchObject({ reason: 'out_of_order' });
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/record_fault`, { action: 'done', text: 'x' })).json()).toMatchObject({ reason: 'not_applicable' });
			expect((await operator(`/api/incidents/${opened.id}/checklist/inform`, { action: 'skip' })).status).toBe(400);
			expect((await operator(`/api/incidents/${opened.id}/checklist/nope`, { action: 'done' })).status).toBe(404);

			const t0 = Date.now();
			expect((await operator(`/api/incidents/${opened.id}/checklist/confirm`, { action: 'done', text: 'camera shows smoke-free lobby' })).status).toBe(200);
			const live = await waitFor(() => seen().find((c) => c.id === opened.id && c.results.confirm), 5_000, 'step broadcast');
			expect(Date.now() - t0).toBeLessThan(1000);
			expect(live.results.confirm).toMatchObject({ outcome: 'done', text: 'camera shows smoke-free lobby' });
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/real_or_false`, { action: 'answer', answer: 'maybe' })).json()).toMatchObject({ reason: 'invalid_answer' });
			expect((await operator(`/api/incidents/${opened.id}/checklist/real_or_false`, { action: 'answer', answer: 'false' })).status).toBe(200);
			// The false branch: one note to write, and the incident may be resolved.
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/record_fault`, { action: 'done' })).json()).toMatchObject({ reason: 'text_required' });
			expect((await operator(`/api/incidents/${opened.id}/checklist/record_fault`, { action: 'done', text: 'detector dusty, cleaned' })).status).toBe(200);
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/record_fault`, { action: 'done', text: 'twice' })).json()).toMatchObject({ reason: 'already_settled' });
			expect((await operator(`/api/incidents/${opened.id}/resolve`)).status).toBe(200);
			expect(await (await operator(`/api/incidents/${opened.id}/checklist/inform`, { action: 'done' })).json()).toMatchObject({ reason: 'checklist_ended' });

			const done = await detail(opened.id);
			expect(done.events.map((e) => e.type)).toEqual(['AlarmRaised', 'ChecklistAttached', 'IncidentAcknowledged', 'ChecklistStepDone', 'ChecklistStepAnswered', 'ChecklistStepDone', 'IncidentResolved']);
			expect(done.checklist).toMatchObject({ results: { real_or_false: { outcome: 'answered', answer: 'false' }, record_fault: { text: 'detector dusty, cleaned' } } });
			expect(done.checklist!.endedAt).not.toBeNull();
		} finally {
			watcher.close();
			await device.close();
		}
	});

	it('keeps an open incident on the version it opened with when the procedure is edited; new incidents get the new version', async () => {
		const before = await publishProcedure(app, fireProcedure('B'));
		expect(await publishProcedure(app, fireProcedure('B'))).toEqual({ version: before.version, unchanged: true });
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-9', 'fire_panel'));
		try {
			await device.publish('alarms', alarmBody('fire-v1', { point: 'loop2/det-1' }));
			const old = await waitFor(async () => (await incidents()).find((i) => i.point === 'loop2/det-1'), 10_000, 'incident on the old version');
			await waitFor(async () => (await detail(old.id)).checklist ?? undefined, 5_000, 'attached');
			const edited = await publishProcedure(app, fireProcedure('C'));
			expect(edited).toEqual({ version: before.version + 1, unchanged: false });
			await device.publish('alarms', alarmBody('fire-v2', { point: 'loop2/det-2' }));
			const fresh = await waitFor(async () => (await incidents()).find((i) => i.point === 'loop2/det-2'), 10_000, 'incident on the new version');
			const [a, b] = [await detail(old.id), await waitFor(async () => { const d = await detail(fresh.id); return d.checklist ? d : undefined; }, 5_000, 'attached')];
			expect(a.checklist!.version).toBe(before.version);
			expect(a.procedure!.title.en).toBe('Fire alarm B');
			expect(b.checklist!.version).toBe(edited.version);
			expect(b.procedure!.title.en).toBe('Fire alarm C');
			// Every version stays readable, with its texts in three languages.
			const list = (await (await app.api('/api/procedures')).json()) as { procedures: { id: string; current: number; versions: { version: number; title: Record<string, string> }[] }[] };
			const fire = list.procedures.find((p) => p.id === 'fire')!;
			expect(fire.current).toBe(edited.version);
			expect(fire.versions.map((v) => v.version)).toContain(before.version);
			expect(Object.keys(fire.versions.at(-1)!.title).sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
		} finally {
			await device.close();
		}
	});

	it('refuses an invalid procedure with its reasons, and edits by anyone but an admin', async () => {
		const broken = { ...fireProcedure('X'), steps: [{ id: 'a', kind: 'choice', title: name('a'), required: true }] };
		const r = await app.api('/api/procedures/fire', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(broken) });
		expect(r.status).toBe(400);
		expect(JSON.stringify(await r.json())).toContain('a choice needs options');
		const byManager = await fetch(`${app.baseUrl}/api/procedures/fire`, { method: 'PUT', headers: { origin: app.baseUrl, cookie: managerCookie, 'content-type': 'application/json' }, body: JSON.stringify(fireProcedure('M')) });
		expect(byManager.status).toBe(403);
	});

	it('opens an incident by hand at a room with its kind’s procedure; a drill is marked a drill; only a manager resolves over open steps, with a reason', async () => {
		await publishProcedure(app, { ...fireProcedure('D'), id: 'medical_emergency', title: name('Medical emergency') });
		const missing = await operator('/api/incidents', { site, kind: 'medical_emergency', place: 'T1-1-9999' });
		expect(await missing.json()).toMatchObject({ reason: 'unknown_place' });
		expect((await operator('/api/incidents', { site, kind: 'door_held' })).status).toBe(400);
		const opened = await operator('/api/incidents', { site, kind: 'medical_emergency', severity: 'critical', place: 'T1-1-302', note: '住户来电：老人晕倒' });
		expect(opened.status).toBe(201);
		const { incident } = (await opened.json()) as { incident: Incident };
		expect(incident).toMatchObject({ alarmType: 'medical_emergency', status: 'new', severity: 'critical', priority: 1, opened: { place: 'T1-1-302', note: '住户来电：老人晕倒' } });
		const withChecklist = await waitFor(async () => (await detail(incident.id)).checklist ?? undefined, 5_000, 'medical checklist');
		expect(withChecklist.procedure).toBe('medical_emergency');
		expect((await detail(incident.id)).events[0]).toMatchObject({ type: 'IncidentOpened', source: { kind: 'user' } });

		expect((await operator(`/api/incidents/${incident.id}/ack`, { disposition: 'real' })).status).toBe(200);
		expect(await (await operator(`/api/incidents/${incident.id}/resolve`, { override: 'handled by phone' })).json()).toMatchObject({ reason: 'override_not_allowed' });
		const manager = as(managerCookie);
		expect(await (await manager(`/api/incidents/${incident.id}/resolve`, { override: '  ' })).json()).toMatchObject({ reason: 'reason_required' });
		const over = await manager(`/api/incidents/${incident.id}/resolve`, { override: 'Ambulance took over; steps recorded on paper' });
		expect(over.status).toBe(200);
		expect(((await over.json()) as { incident: Incident }).incident.resolvedOver).toEqual({ reason: 'Ambulance took over; steps recorded on paper', open: ['confirm', 'real_or_false'] });

		const drill = await operator('/api/drills', { site, procedure: 'fire', device: 'FAP-9', point: 'loop1/det-1' });
		expect(drill.status).toBe(201);
		const drilled = ((await drill.json()) as { incident: Incident }).incident;
		expect(drilled).toMatchObject({ drill: true, alarmType: 'fire', opened: { target: { device: 'FAP-9', point: 'loop1/det-1' } } });
		const drillChecklist = await waitFor(async () => (await detail(drilled.id)).checklist ?? undefined, 5_000, 'drill checklist');
		expect(drillChecklist.drill).toBe(true);
		expect((await operator('/api/drills', { site, procedure: 'fire', device: 'FAP-9', point: 'nowhere' })).status).toBe(400);
		// A drill is worked like the real thing: through its checklist to resolved.
		expect((await operator(`/api/incidents/${drilled.id}/ack`, { disposition: 'test' })).status).toBe(200);
		await workChecklist(app, drilled.id, { real_or_false: 'real' });
		expect((await operator(`/api/incidents/${drilled.id}/resolve`)).status).toBe(200);
		// Its short report: each step timed from the start, who did it.
		const report = await (await app.api(`/drills/${encodeURIComponent(drilled.id)}`)).text();
		expect(report).toContain('data-testid="drill-report"');
		expect(report).toContain('data-step="call_119"');
		expect(report.match(/<tr data-step="/g)).toHaveLength(5); // the real branch's steps, not the false one's
		expect(report).toContain('data-step="inform" data-late="false" data-state="open"');
		expect(report).toContain('data-step="real_or_false" data-late="false" data-state="answered"');
		expect((await app.api(`/drills/${encodeURIComponent(incident.id)}`)).status).toBe(404); // a real incident has no drill report

		// Left out of the real figures: a patrol-exception drill is no exception in the patrol report.
		const patrolDrill = await operator('/api/drills', { site, procedure: 'patrol_exception', device: 'FAP-9', point: 'loop1/det-1' });
		expect(patrolDrill.status).toBe(201);
		const from = new Date(Date.now() - 3_600_000).toISOString();
		const to = new Date(Date.now() + 3_600_000).toISOString();
		const figures = (await (await app.api(`/api/reports/patrol?site=${site}&from=${from}&to=${to}`)).json()) as { totals: { exceptions: { count: number } } };
		expect(figures.totals.exceptions.count).toBe(0);
	});
});

// Time limits: the scheduler flags a step past its limit, once, on the app's own clock.
describe('checklist time limits', () => {
	let app: RunningApp;
	const site = uniqueId('chkt');

	beforeAll(async () => {
		app = await startApp({ testClock: true });
		await importBundle(app.sql, estate(site));
	});
	afterAll(async () => {
		if (app) await assertProjectionsMatchLog(app.sql, 'checklist time limits');
		await app?.dispose();
	});

	it('flags a step past its time limit as an escalation in the incident’s history, and stops once it is settled', async () => {
		await publishProcedure(app, fireProcedure('T', 2));
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-9', 'fire_panel'));
		const watcher = await connectDashboard(app.baseUrl, app.cookie);
		const updates: SiteProjectionsPayload[] = [];
		watcher.socket.on('site:projections', (p) => updates.push(p));
		try {
			expect((await watcher.join(site, 0)).ok).toBe(true);
			await device.publish('alarms', alarmBody('fire-t', { point: 'loop1/det-1', severity: 'major' }));
			const list = async () => ((await (await app.api(`/api/incidents?site=${site}`)).json()) as { incidents: Incident[] }).incidents;
			const opened = await waitFor(async () => (await list()).find((i) => i.point === 'loop1/det-1'), 10_000, 'incident');
			const checklist = async () => ((await (await app.api(`/api/incidents/${opened.id}`)).json()) as { checklist: Checklist; events: EventEnvelope[] });
			await waitFor(async () => (await checklist()).checklist ?? undefined, 5_000, 'attached');
			const step = (id: string, body: unknown) => app.api(`/api/incidents/${opened.id}/checklist/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			expect((await app.api(`/api/incidents/${opened.id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);

			// One minute in: nothing is late.
			await app.clock.advance(60_000);
			expect(Object.keys((await checklist()).checklist.overdue)).toEqual([]);
			// Past the two-minute limit: flagged, broadcast, in the history as the checklist timer's.
			await app.clock.advance(61_000);
			const flagged = await waitFor(async () => {
				const c = await checklist();
				return c.checklist.overdue.confirm ? c : undefined;
			}, 10_000, 'overdue flag');
			const event = flagged.events.find((e) => e.type === 'ChecklistStepOverdue')!;
			expect(event).toMatchObject({ source: { kind: 'system', id: 'checklist' }, data: { incident: opened.id, step: 'confirm', limitMinutes: 2 } });
			await waitFor(() => updates.flatMap((u) => (u.updates.checklists?.upsert ?? []) as Checklist[]).find((c) => c.id === opened.id && c.overdue.confirm), 5_000, 'overdue broadcast');

			// Once each: the scheduler does not flag it again; settled late, the step stays marked overdue.
			expect((await step('confirm', { action: 'done' })).status).toBe(200);
			await app.clock.advance(10 * 60_000);
			const after = await checklist();
			expect(after.events.filter((e) => e.type === 'ChecklistStepOverdue')).toHaveLength(1);
			expect(after.checklist.results.confirm.outcome).toBe('done');
			const due = await app.sql<{ key: string }[]>`select key from due_item where key = ${'checklist_overdue:' + opened.id}`;
			expect(due).toEqual([]);
		} finally {
			watcher.close();
			await device.close();
		}
	});
});

// The procedures the product ships, published at start-up: a fresh install's fire alarm opens with
// the GB 25201 steps, and a false alarm is settled in its short branch.
describe('the shipped procedures', () => {
	let app: RunningApp;
	const site = uniqueId('chks');

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, estate(site));
	});
	afterAll(async () => {
		if (app) await assertProjectionsMatchLog(app.sql, 'shipped procedures');
		await app?.dispose();
	});

	const post = (path: string, body?: unknown) => app.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
	const detail = async (id: string) => (await (await app.api(`/api/incidents/${id}`)).json()) as { incident: Incident; checklist: Checklist | null; procedure: { publishedBy: string; steps: { id: string; phone?: string }[] } | null };

	it('are published once for every incident kind, and a false fire alarm resolves after confirm, the answer and the fault record', async () => {
		const list = (await (await app.api('/api/procedures')).json()) as { procedures: { id: string; versions: { version: number; publishedBy: string }[] }[] };
		expect(list.procedures.length).toBe(18);
		expect(list.procedures.every((p) => p.versions.length === 1 && p.versions[0].publishedBy === 'shipped')).toBe(true);

		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-9', 'fire_panel'));
		try {
			await device.publish('alarms', alarmBody('shipped-fire', { point: 'loop1/det-1', severity: 'critical' }));
			const fire = await waitFor(async () => {
				const list = ((await (await app.api(`/api/incidents?site=${site}`)).json()) as { incidents: Incident[] }).incidents;
				return list.find((i) => i.point === 'loop1/det-1');
			}, 10_000, 'the fire');
			const opened = await waitFor(async () => {
				const d = await detail(fire.id);
				return d.checklist ? d : undefined;
			}, 5_000, 'its checklist');
			expect(opened.procedure?.publishedBy).toBe('shipped');
			expect(opened.procedure?.steps.find((s) => s.id === 'call_119')?.phone).toBe('119');
			expect((await post(`/api/incidents/${fire.id}/ack`, { disposition: 'false_alarm' })).status).toBe(200);
			expect(await (await post(`/api/incidents/${fire.id}/resolve`)).json()).toMatchObject({ reason: 'checklist_open' });
			const steps = await workChecklist(app, fire.id, { real_or_false: 'false' });
			expect(steps).toEqual(['confirm', 'real_or_false', 'record_fault']);
			expect((await post(`/api/incidents/${fire.id}/resolve`)).status).toBe(200);
		} finally {
			await device.close();
		}

		// A medical emergency by hand at a room: the shipped medical procedure, with its call to 120.
		const medical = await post('/api/incidents', { site, kind: 'medical_emergency', severity: 'critical', place: 'T1-1-302', note: 'Resident fainted' });
		expect(medical.status).toBe(201);
		const { incident } = (await medical.json()) as { incident: Incident };
		const withSteps = await waitFor(async () => {
			const d = await detail(incident.id);
			return d.checklist ? d : undefined;
		}, 5_000, 'the medical checklist');
		expect(withSteps.checklist?.procedure).toBe('medical_emergency');
		expect(withSteps.procedure?.steps.some((s) => s.phone === '120')).toBe(true);
	});
});
