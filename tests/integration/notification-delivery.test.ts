import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import { importBundle } from '../fixtures/projections-check';
import type { Organisation } from '../../src/lib/domain/organisation/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

type Answer = { status: number; body: string } | 'hang';
/** A local receiver answering each request as `answers` says in turn (the last one from then on); it records every request. */
async function startReceiver(answers: Answer[]) {
	const got: { url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
	const hung: http.ServerResponse[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			const answer = answers[Math.min(got.length - 1, answers.length - 1)];
			if (answer === 'hang') return void hung.push(res);
			res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const close = () => {
		for (const res of hung) res.destroy();
		server.closeAllConnections();
		return new Promise((r) => server.close(r));
	};
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close };
}

// The outbox over the real app: a notification is delivered at least once with one delivery id,
// across a kill of the app mid-send, and a robot's error code is retried.
describe('notification delivery', () => {
	let app: RunningApp;
	const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
	const site = uniqueId('nd');
	let fixer: string;

	beforeAll(async () => {
		app = await startApp({ testClock: true });
		await importBundle(app.sql, {
			site: { id: site, name: name(`Estate ${site}`), address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [],
			guards: [],
			places: [],
			plan: { type: 'FeatureCollection', features: [] }
		} as SiteBundle);
		fixer = (await createUser(app.sql, { username: `fixer-${site}`, displayName: 'Fixer', role: 'guard', password: 'a long enough password 1', sites: [site] })).id;
		const organisation: Organisation = {
			departments: [{ id: 'eng', kind: 'engineering', name: name('Engineering'), supervisor: null, members: [fixer] }],
			manager: null,
			serviceCentre: [],
			stewards: [],
			workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
			endOfDay: '18:00'
		};
		const put = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 0, organisation }) });
		expect(put.status).toBe(200);
	});
	afterAll(async () => {
		await app?.dispose();
		for (const r of receivers) await r.close();
	});

	const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	/** A channel taking assignments at the site (tests remove theirs when done); then a ticket assigned to the fixer, which raises one. */
	async function assignThrough(config: object): Promise<string> {
		const channel = await app.api('/api/notification-channels', json({ name: uniqueId('ch'), kinds: ['ticket_assigned'], sites: [site], config }));
		expect(channel.status).toBe(201);
		const { id } = (await channel.json()) as { id: string };
		const opened = await app.api('/api/tickets', json({ site, category: 'repair_door', description: 'Lobby door will not latch', assignee: fixer }));
		expect(opened.status).toBe(201);
		return id;
	}
	const outbox = (channel: string) => app.sql<{ delivery_id: string; status: string; attempts: number }[]>`select delivery_id, status, attempts from notification_outbox where channel = ${channel}`;

	it('delivers after the app is killed mid-send, with the same delivery id', async () => {
		const receiver = await startReceiver(['hang', { status: 200, body: '{}' }]);
		receivers.push(receiver);
		// Kept until the end: the delivery waiting for it must not fail as `channel_gone`.
		const channel = await app.api('/api/notification-channels', json({ name: 'kill test', kinds: ['ticket_assigned'], sites: [site], config: { kind: 'webhook', url: `${receiver.url}/hook`, secret: 'a webhook secret of some length' } }));
		const { id } = (await channel.json()) as { id: string };
		expect((await app.api('/api/tickets', json({ site, category: 'repair_door', description: 'Lobby door will not latch', assignee: fixer }))).status).toBe(201);
		await waitFor(() => (receiver.got.length ? true : undefined), 10_000, 'the first attempt, left hanging');
		await app.restart('SIGKILL');
		// The dead sender's claim lapses after a minute on the app's clock; then the row is sent again.
		await app.clock.advance(61_000);
		await waitFor(() => (receiver.got.length >= 2 ? true : undefined), 15_000, 'the delivery after the restart');
		const ids = receiver.got.map((g) => g.headers['x-shouwang-delivery']);
		expect(ids[0]).toBeTruthy();
		expect(new Set(ids)).toEqual(new Set([ids[0]]));
		const rows = await waitFor(async () => {
			const r = await outbox(id);
			return r[0]?.status === 'sent' ? r : undefined;
		}, 10_000, 'sent');
		expect(rows.map((r) => r.delivery_id)).toEqual([ids[0]]);
		await app.api(`/api/notification-channels/${id}`, { method: 'DELETE' });
	});

	it('retries a DingTalk robot that answers 200 with an error code', async () => {
		const receiver = await startReceiver([
			{ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' },
			{ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }
		]);
		receivers.push(receiver);
		const id = await assignThrough({ kind: 'dingtalk', url: `${receiver.url}/robot/send?access_token=abc`, secret: 'SECabcdef0123456789' });
		await waitFor(() => (receiver.got.length ? true : undefined), 10_000, 'the first attempt');
		const first = await waitFor(async () => {
			const r = await outbox(id);
			return r[0] && r[0].status === 'pending' && r[0].attempts === 1 ? r[0] : undefined;
		}, 10_000, 'the failure recorded');
		expect(first.status).toBe('pending');
		// The robot's refusal counts as a failure: tried again after the back-off.
		await app.clock.advance(11_000);
		await waitFor(() => (receiver.got.length >= 2 ? true : undefined), 10_000, 'the retry');
		expect(JSON.parse(receiver.got[1].body)).toMatchObject({ msgtype: 'markdown' });
		expect(receiver.got[1].url).toMatch(/^\/robot\/send\?access_token=abc&timestamp=\d+&sign=/);
	});
});
