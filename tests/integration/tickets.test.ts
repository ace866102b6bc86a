import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import { importBundle } from '../fixtures/projections-check';
import type { Notification } from '../../src/lib/domain/notification/model';
import type { Organisation } from '../../src/lib/domain/organisation/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { Ticket } from '../../src/lib/domain/ticket/model';

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

/** A local webhook receiver: every request's headers and raw body, answered 200. */
async function startReceiver() {
	const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(r)) };
}

// Work orders over the real app with a controlled clock: from an incident, routed, timed, escalated
// (event, notification centre, webhook), on the overnight board, followed up and reworked.
describe('tickets', () => {
	let app: RunningApp;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	const site = uniqueId('tk');
	const PASSWORD = 'a long enough password 1';
	const people = { desk: 'Operator Li', fixer: '工程师王', boss: '主管赵', gm: 'Manager Wu' } as const;
	type Who = keyof typeof people;
	const ids = {} as Record<Who, string>;
	const cookies = {} as Record<Who, string>;
	const SECRET = 'a webhook secret of some length';
	const MORNING = new Date(Date.now() + 24 * 3600_000);
	MORNING.setUTCHours(2, 0, 0, 0);

	beforeAll(async () => {
		receiver = await startReceiver();
		app = await startApp({ testClock: true });
		// Tomorrow 10:00 in Shanghai: inside the working day, before its end (the clock only moves forward).
		await app.clock.set(MORNING);
		await importBundle(app.sql, estate(site));
		for (const who of Object.keys(people) as Who[]) {
			const role = who === 'gm' ? 'manager' : who === 'desk' ? 'operator' : 'guard';
			const user = await createUser(app.sql, { username: `${who}-${site}`, displayName: people[who], role, password: PASSWORD, sites: [site] });
			ids[who] = user.id;
			cookies[who] = await signInCookie(app.baseUrl, `${who}-${site}`, PASSWORD);
		}
		const organisation: Organisation = {
			departments: [{ id: 'eng', kind: 'engineering', name: name('Engineering'), supervisor: ids.boss, members: [ids.fixer] }],
			manager: ids.gm,
			serviceCentre: [],
			stewards: [],
			workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
			endOfDay: '18:00'
		};
		const put = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 0, organisation }) });
		expect(put.status).toBe(200);
		const channel = await app.api('/api/notification-channels', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Escalations hook', kinds: ['ticket_escalated'], sites: [site], config: { kind: 'webhook', url: receiver.url, secret: SECRET, locale: 'en' } })
		});
		expect(channel.status).toBe(201);
	});
	afterAll(async () => {
		await app?.dispose();
		await receiver?.close();
	});

	const call = (who: Who, method: string, path: string, body?: unknown) =>
		fetch(`${app.baseUrl}${path}`, {
			method,
			headers: { origin: app.baseUrl, cookie: cookies[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const step = async (who: Who, id: string, verb: string, body: unknown = {}) => {
		const r = await call(who, 'POST', `/api/tickets/${id}/${verb}`, body);
		const json = (await r.json()) as { ticket?: Ticket; reason?: string };
		return { status: r.status, ...json };
	};
	const eventsOf = async (id: string) =>
		(await app.sql<{ type: string; data: Record<string, unknown> }[]>`select type, data from event where stream = ${site} and data ->> 'ticket' = ${id} order by seq`);

	it('opens a work order from an incident with its place and a link back, times its response, and escalates a breach to the supervisor: event, notification centre, signed webhook', async () => {
		const opened = await call('desk', 'POST', '/api/incidents', { site, kind: 'water_leak', severity: 'major', place: 'T1-1-301', note: 'Water through the ceiling' });
		expect(opened.status).toBe(201);
		const { incident } = (await opened.json()) as { incident: { id: string } };
		const made = await call('desk', 'POST', `/api/incidents/${encodeURIComponent(incident.id)}/ticket`, {});
		expect(made.status).toBe(201);
		const { ticket } = (await made.json()) as { ticket: Ticket };
		expect(ticket).toMatchObject({ category: 'repair_water', priority: 'urgent', place: 'T1-1-301', origin: { kind: 'incident', id: incident.id }, department: 'eng', status: 'open' });
		const linked = (await (await call('desk', 'GET', `/api/tickets?site=${site}&origin=incident:${encodeURIComponent(incident.id)}`)).json()) as { tickets: Ticket[] };
		expect(linked.tickets.map((t) => t.id)).toEqual([ticket.id]);

		// 12 minutes: the warning (nobody assigned, so the supervisor hears of it).
		await app.clock.advance(12 * 60_000 + 1000);
		await waitFor(async () => ((await eventsOf(ticket.id)).some((e) => e.type === 'TicketSlaWarned') ? true : undefined), 10_000, 'warning');
		// 15 minutes: the response deadline passes and the breach goes up to the supervisor.
		await app.clock.advance(3 * 60_000);
		const escalated = await waitFor(async () => (await eventsOf(ticket.id)).find((e) => e.type === 'TicketEscalated'), 10_000, 'escalation');
		expect(escalated.data).toMatchObject({ stage: 'response', level: 'supervisor', to: [ids.boss] });
		const centre = await waitFor(async () => {
			const r = (await (await call('boss', 'GET', '/api/notifications')).json()) as { notifications: Notification[]; unread: number };
			return r.notifications.find((n) => n.kind === 'ticket_escalated') ? r : undefined;
		}, 10_000, 'notification centre');
		expect(centre.unread).toBeGreaterThanOrEqual(1);
		expect(centre.notifications.find((n) => n.kind === 'ticket_escalated')).toMatchObject({ ref: { type: 'ticket', id: ticket.id } });
		const hook = await waitFor(() => receiver.got.find((g) => g.body.includes(ticket.id)), 10_000, 'webhook delivery');
		expect(hook.headers['x-shouwang-signature']).toBe(createHmac('sha256', SECRET).update(hook.body).digest('hex'));
		expect(hook.headers['x-shouwang-delivery']).toMatch(new RegExp(`^${site}:\\d+:ticket_escalated/`));
		// Someone not concerned sees none of it.
		const desk = (await (await call('desk', 'GET', '/api/notifications')).json()) as { notifications: Notification[] };
		expect(desk.notifications.filter((n) => n.ref.id === ticket.id)).toEqual([]);
	});

	it('puts a ticket still open after the end of day on the overnight board, and a follow-up rated 2 reopens it as rework', async () => {
		const made = await call('desk', 'POST', '/api/tickets', { site, origin: 'hotline', category: 'repair_electric', priority: 'normal', description: 'Corridor light out, 3F', place: 'T1-1-3' });
		expect(made.status).toBe(201);
		let { ticket } = (await made.json()) as { ticket: Ticket };
		expect(ticket.id).toMatch(new RegExp(`^${site}-T\\d+$`));
		const boardNow = (await (await call('desk', 'GET', `/api/tickets/overnight?site=${site}`)).json()) as { rows: { ticket: Ticket }[] };
		expect(boardNow.rows.map((r) => r.ticket.id)).not.toContain(ticket.id);
		// Past 18:00 Shanghai: it stayed open over the end of day.
		await app.clock.set(new Date(MORNING.getTime() + 8.5 * 3600_000));
		const board = (await (await call('gm', 'GET', `/api/tickets/overnight?site=${site}`)).json()) as { rows: { ticket: Ticket; holder: { kind: string } }[] };
		expect(board.rows.find((r) => r.ticket.id === ticket.id)).toMatchObject({ holder: { kind: 'department' } });

		expect(await step('fixer', ticket.id, 'assign', { assignee: ids.fixer })).toMatchObject({ status: 403, reason: 'not_allowed' });
		expect((await step('desk', ticket.id, 'assign', { assignee: ids.fixer })).ticket).toMatchObject({ status: 'assigned', assignee: ids.fixer });
		expect((await step('fixer', ticket.id, 'start')).ticket).toMatchObject({ status: 'in_progress' });
		expect((await step('fixer', ticket.id, 'done', { note: 'Replaced the ballast' })).ticket).toMatchObject({ status: 'done' });
		// The work is done without a resident to ask: it may close, but is followed up all the same here.
		const rework = await step('desk', ticket.id, 'follow-up', { method: 'call', confirmed: true, satisfaction: 2, comment: 'Flickers again' });
		expect(rework.ticket).toMatchObject({ status: 'assigned', rework: 1, assignee: ids.fixer });
		expect((await eventsOf(ticket.id)).map((e) => e.type).slice(-2)).toEqual(['TicketFollowedUp', 'TicketReopened']);
		const reopened = await waitFor(async () => {
			const r = (await (await call('fixer', 'GET', '/api/notifications')).json()) as { notifications: Notification[] };
			return r.notifications.find((n) => n.kind === 'ticket_reopened' && n.ref.id === ticket.id);
		}, 10_000, 'the assignee told of the rework');
		expect(reopened.params).toMatchObject({ reason: 'rework' });
		ticket = (await step('fixer', ticket.id, 'start')).ticket!;
		ticket = (await step('fixer', ticket.id, 'done', { note: 'New ballast and tube' })).ticket!;
		ticket = (await step('desk', ticket.id, 'follow-up', { method: 'visit', confirmed: true, satisfaction: 5 })).ticket!;
		expect((await step('desk', ticket.id, 'close', {})).ticket).toMatchObject({ status: 'closed' });
		const detail = (await (await call('gm', 'GET', `/api/tickets/${ticket.id}`)).json()) as { ticket: Ticket; history: { type: string }[] };
		expect(detail.ticket.followUps.map((f) => f.satisfaction)).toEqual([2, 5]);
		expect(detail.history.map((e) => e.type)).toContain('TicketClosed');
	});
});
