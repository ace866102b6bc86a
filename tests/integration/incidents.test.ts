import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { workChecklist } from '../fixtures/procedures';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { EventEnvelope } from '../../src/lib/domain/events';
import type { SiteProjectionsPayload } from '../../src/lib/realtime/contract';

// Incidents from alarms and heartbeats, and operators' steps on them, over the real pipeline.
describe('incidents', () => {
	let app: RunningApp;
	const site = uniqueId('inc');

	beforeAll(async () => {
		app = await startApp({ env: { ESCALATION_SECONDS: 'critical=2,major=600', HEARTBEAT_GRACE_S: '1' } });
		await createSite(app.sql, site);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const incidents = async (query = `site=${site}`): Promise<Incident[]> => {
		const r = await app.api(`/api/incidents?${query}`);
		expect(r.status).toBe(200);
		return ((await r.json()) as { incidents: Incident[] }).incidents;
	};
	const step = (id: string, action: string, body?: unknown) =>
		app.api(`/api/incidents/${id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

	it('lists the sites and gives one site with its plan', async () => {
		const list = (await (await app.api('/api/sites')).json()) as { sites: { id: string }[] };
		expect(list.sites.map((s) => s.id)).toContain(site);
		const one = (await (await app.api(`/api/sites/${site}`)).json()) as { id: string; timeZone: string; plan: { type: string } };
		expect(one).toMatchObject({ id: site, timeZone: 'Asia/Shanghai', plan: { type: 'FeatureCollection' } });
		expect((await app.api('/api/sites/no-such-site')).status).toBe(404);
		expect((await fetch(`${app.baseUrl}/api/sites`)).status).toBe(401);
	});

	it('makes one incident of 1,000 repeats of one alarm point; a clear marks it restored but does not close it', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		try {
			const point = 'loop1/det-7';
			await Promise.all(Array.from({ length: 1000 }, (_, i) => device.publish('alarms', alarmBody(`flood-${i}`, { point }))));
			const flood = await waitFor(async () => (await incidents()).find((i) => i.point === point && i.count === 1000), 30_000, 'count 1000');
			expect(flood).toMatchObject({ device: 'FAP-1', alarmType: 'fire', status: 'new', severity: 'critical', priority: 1, sourceRestoredAt: null });
			expect((await incidents()).filter((i) => i.point === point)).toHaveLength(1);

			await device.publish('alarms', alarmBody('flood-clear', { point, state: 'cleared' }));
			const restored = await waitFor(async () => (await incidents()).find((i) => i.id === flood.id && i.sourceRestoredAt), 10_000, 'restored');
			expect(restored.status).toBe('new');
			expect(restored.count).toBe(1000);
		} finally {
			await device.close();
		}
	});

	it('takes operators through ack → assign → arrive → note → resolve → close, refusing steps out of order, live on a second socket', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'ACS-1', 'access_controller'));
		const watcher = await connectDashboard(app.baseUrl, app.cookie);
		const updates: SiteProjectionsPayload[] = [];
		watcher.socket.on('site:projections', (p) => updates.push(p));
		const changed = () => updates.flatMap((u) => (u.updates.incidents?.upsert ?? []) as Incident[]);
		try {
			expect((await watcher.join(site, 1_000_000)).ok).toBe(true);
			await device.publish('alarms', alarmBody('door-1', { point: 'gate-n/door-2', type: 'door_forced', severity: 'major' }));
			const opened = await waitFor(() => changed().find((i) => i.point === 'gate-n/door-2'), 10_000, 'site:projections on open');
			expect(opened).toMatchObject({ site, status: 'new', count: 1, alarmType: 'door_forced', priority: 3 }); // security, one step below critical

			expect((await step(opened.id, 'close')).status).toBe(409);
			expect((await step(opened.id, 'assign', { assignee: 'G-017' })).status).toBe(409);
			expect(await (await step(opened.id, 'ack', { disposition: 'maybe' })).json()).toMatchObject({ message: 'invalid request' });

			const t0 = Date.now();
			const acked = await step(opened.id, 'ack', { disposition: 'real' });
			expect(acked.status).toBe(200);
			expect(((await acked.json()) as { incident: Incident }).incident).toMatchObject({ status: 'acknowledged', disposition: 'real' });
			await waitFor(() => changed().find((i) => i.id === opened.id && i.status === 'acknowledged'), 5_000, 'ack broadcast');
			expect(Date.now() - t0).toBeLessThan(1000);
			const again = await step(opened.id, 'ack', {});
			expect(again.status).toBe(409);
			expect(await again.json()).toMatchObject({ reason: 'already_acknowledged' });

			expect((await step(opened.id, 'assign', { assignee: 'G-017' })).status).toBe(200);
			expect((await step(opened.id, 'arrive')).status).toBe(200);
			expect((await step(opened.id, 'note', { text: '门已关好，无人员受伤' })).status).toBe(200);
			// The door procedure the product ships: not resolved while its required steps are open.
			expect(await (await step(opened.id, 'resolve')).json()).toMatchObject({ reason: 'checklist_open' });
			const worked = await workChecklist(app, opened.id);
			expect(worked.length).toBeGreaterThan(0);
			expect((await step(opened.id, 'resolve')).status).toBe(200);
			const closed = await step(opened.id, 'close');
			expect(((await closed.json()) as { incident: Incident }).incident).toMatchObject({ status: 'closed', assignee: 'G-017', noteCount: 1 });
			expect((await step(opened.id, 'note', { text: 'late' })).status).toBe(409);

			const detail = (await (await app.api(`/api/incidents/${opened.id}`)).json()) as { incident: Incident; events: EventEnvelope[] };
			expect(detail.events.filter((e) => e.type.startsWith('Checklist')).map((e) => e.type)).toEqual(['ChecklistAttached', ...worked.map(() => expect.stringMatching(/^ChecklistStep(Done|Answered)$/))]);
			expect(detail.events.filter((e) => !e.type.startsWith('Checklist')).map((e) => e.type)).toEqual([
				'AlarmRaised',
				'IncidentAcknowledged',
				'IncidentAssigned',
				'IncidentArrived',
				'IncidentNoted',
				'IncidentResolved',
				'IncidentClosed'
			]);
			expect(detail.events.slice(1).every((e) => e.source.kind === 'user' || e.type === 'ChecklistAttached')).toBe(true);
			// The audit page says who acknowledged what.
			const audit = await (await app.api(`/admin/audit?type=IncidentAcknowledged&site=${site}`)).text();
			const row = audit.split('<tr').find((r) => r.includes('data-audit-type="IncidentAcknowledged"') && r.includes(opened.id));
			expect(row).toContain('>admin<');
			expect((await incidents()).some((i) => i.id === opened.id)).toBe(false); // open ones only by default
			expect((await incidents(`site=${site}&status=closed`)).some((i) => i.id === opened.id)).toBe(true);
			expect((await app.api(`/api/incidents?site=${site}&status=bogus`)).status).toBe(400);

			// A new alarm on the same point after closing is a new incident.
			await device.publish('alarms', alarmBody('door-2', { point: 'gate-n/door-2', type: 'door_forced', severity: 'major' }));
			const reopened = await waitFor(async () => (await incidents()).find((i) => i.point === 'gate-n/door-2'), 10_000, 'new incident');
			expect(reopened.id).not.toBe(opened.id);
		} finally {
			watcher.close();
			await device.close();
		}
	});

	it('escalates an unacknowledged critical incident after its configured time, as an event in its history', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-2', 'fire_panel'));
		try {
			await device.publish('alarms', alarmBody('fire-esc', { point: 'loop3/det-1' }));
			const escalated = await waitFor(async () => (await incidents()).find((i) => i.point === 'loop3/det-1' && i.escalationLevel >= 1), 15_000, 'escalation');
			const detail = (await (await app.api(`/api/incidents/${escalated.id}`)).json()) as { events: EventEnvelope[] };
			const event = detail.events.find((e) => e.type === 'IncidentEscalated');
			expect(event).toMatchObject({ source: { kind: 'system', id: 'escalation' }, data: { incident: escalated.id, level: 1 } });
			// Repeats every interval until acknowledged, then stops.
			await waitFor(async () => (await incidents()).find((i) => i.id === escalated.id && i.escalationLevel >= 2), 10_000, 'second escalation');
			expect((await step(escalated.id, 'ack', { disposition: 'test' })).status).toBe(200);
			const level = (await incidents()).find((i) => i.id === escalated.id)!.escalationLevel;
			await new Promise((r) => setTimeout(r, 3000));
			expect((await incidents()).find((i) => i.id === escalated.id)!.escalationLevel).toBe(level);
		} finally {
			await device.close();
		}
	});

	it('opens a communication fault when heartbeats stop, and marks it restored when they return', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'ELV-1', 'elevator_monitor'));
		try {
			await device.publish('status', { online: true, interval: 1 });
			const fault = await waitFor(
				async () => (await incidents()).find((i) => i.device === 'ELV-1' && i.alarmType === 'communication_fault'),
				15_000,
				'communication fault'
			);
			expect(fault).toMatchObject({ status: 'new', point: '-', sourceRestoredAt: null });
			await device.publish('status', { online: true, interval: 1 });
			const back = await waitFor(async () => (await incidents()).find((i) => i.id === fault.id && i.sourceRestoredAt), 10_000, 'restored');
			expect(back.status).toBe('new'); // an operator still closes it
		} finally {
			await device.close();
		}
	});
});
