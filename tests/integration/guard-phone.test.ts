import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { io as ioClient } from 'socket.io-client';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { GuardSnapshot } from '../../src/lib/domain/guard/snapshot';
import type { Round } from '../../src/lib/domain/patrol/round';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { signInCookie, startApp, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import { importBundle } from '../fixtures/projections-check';
import { waitFor } from '../fixtures/ports';

// Issue 15's server half on the real pipeline: a guard account linked to a guard of the bundle,
// the phone's scans, panic presses and check-ins through the single writer, an incident sent to
// the guard's phone, taken, and reached by a scan near it.
describe("the guard's phone", () => {
	const site = `gp-${Date.now().toString(36)}`;
	const other = `${site}-o`;
	const MIN = 60_000;
	const PASSWORD = 'guard-password-123';
	let app: RunningApp;
	let guardCookie: string;

	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const point = (kind: string, id: string, lng: number, extra: object = {}) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind, id, name: name(`${id} name`), ...extra }
	});
	const bundleOf = (id: string) =>
		({
			site: { id, name: name('手机测试'), address: name('测试路 2 号'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [{ id: 'FAP-1', kind: 'fire_panel', name: name('FAP-1') }],
			guards: [{ id: 'G1', name: name('王伟') }, { id: 'G2', name: name('李娜') }],
			plan: {
				type: 'FeatureCollection',
				// ~96 m apart: B's smoke detector is at B, A and C are too far to be "at" it.
				features: [
					...['A', 'B', 'C'].map((cp, n) => point('checkpoint', cp, 120.15 + n * 0.001)),
					point('alarm_point', 'L1', 120.151, { device: 'FAP-1', type: 'smoke', zone: 'T1' })
				]
			}
		}) as unknown as SiteBundle;

	const json = (method: string, body: unknown, cookie?: string): RequestInit => ({
		method,
		// A browser sends its Origin on every POST; the cross-site check wants ours.
		headers: { 'content-type': 'application/json', ...(cookie ? { cookie, origin: app.baseUrl } : {}) },
		body: JSON.stringify(body)
	});
	const asGuard = (path: string, body?: unknown) =>
		fetch(`${app.baseUrl}/api/sites/${site}/guard${path}`, body === undefined ? { headers: { cookie: guardCookie } } : json('POST', body, guardCookie));
	const now = () => app.clock.advance(0);
	const item = async (extra: object, atOffsetMs = 0) => {
		const t = await now();
		return { id: randomUUID(), at: new Date(t.getTime() + atOffsetMs).toISOString(), sentAt: t.toISOString(), ...extra };
	};
	const eventOf = async (id: string) =>
		(await app.sql<{ type: string; source_kind: string; at: Date; clock_skew_ms: number | null; data: Record<string, unknown> }[]>`
			select type, source_kind, at, clock_skew_ms, data from event where stream = ${site} and source_event_id = ${id}`)[0];
	const incident = async (id: string) => (await app.sql<{ state: Incident }[]>`select state from incident where id = ${id}`)[0]?.state;

	beforeAll(async () => {
		app = await startApp({ testClock: true });
		await importBundle(app.sql, bundleOf(site));
		await importBundle(app.sql, bundleOf(other));
		const route = {
			name: name('Night'),
			mode: 'strict',
			silenceMinutes: 15,
			stops: ['A', 'B', 'C'].map((checkpoint, n) => ({ checkpoint, legMinutes: n === 0 ? 0 : 10, toleranceMinutes: 5 }))
		};
		expect((await app.api(`/api/sites/${site}/routes/R1`, json('PUT', route))).status).toBe(200);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('links a guard account to a guard of the bundle, and refuses a link that does not fit', async () => {
		const create = (username: string, role: string, guard: unknown, sites = [site]) =>
			app.api('/api/users', json('POST', { username, displayName: username, role, password: PASSWORD, sites, guard }));
		const made = await create('guard-g1', 'guard', { site, guard: 'G1' });
		expect(made.status).toBe(201);
		expect((await made.json()).user.guard).toEqual({ site, guard: 'G1' });

		const reasons = async (r: Response) => (expect(r.status).toBe(400), (await r.json()).reasons as string[]);
		expect(await reasons(await create('op-linked', 'operator', { site, guard: 'G2' }))).toEqual([expect.stringMatching(/^guard: only .* guard role/)]);
		expect(await reasons(await create('guard-nope', 'guard', { site, guard: 'NOPE' }))).toEqual([expect.stringMatching(/no such guard/)]);
		expect(await reasons(await create('guard-twice', 'guard', { site, guard: 'G1' }))).toEqual([expect.stringMatching(/already walks/)]);
		expect(await reasons(await create('guard-away', 'guard', { site, guard: 'G2' }, [other]))).toEqual([expect.stringMatching(/site must be one/)]);

		// An unlinked guard account is told why it cannot use the phone page.
		expect((await create('guard-free', 'guard', null)).status).toBe(201);
		const free = await signInCookie(app.baseUrl, 'guard-free', PASSWORD);
		const refused = await fetch(`${app.baseUrl}/api/sites/${site}/guard`, { headers: { cookie: free } });
		expect(refused.status).toBe(403);
		expect((await refused.json()).reason).toBe('not_linked');

		guardCookie = await signInCookie(app.baseUrl, 'guard-g1', PASSWORD);
		const elsewhere = await fetch(`${app.baseUrl}/api/sites/${other}/guard`, { headers: { cookie: guardCookie } });
		expect(elsewhere.status).toBe(403);
		// An operator is no guard.
		expect((await app.api(`/api/sites/${site}/guard/scans`, json('POST', await item({ checkpoint: 'A', method: 'manual' })))).status).toBe(403);
	});

	it("stores a phone's scans once each, in the guard's round, with the phone's times; an offline scan is old, a skewed clock is corrected", async () => {
		const start = new Date(Math.ceil(((await now()).getTime() + 2 * MIN) / MIN) * MIN);
		expect((await app.api(`/api/sites/${site}/schedules/S1`, json('PUT', { route: 'R1', rule: { kind: 'once', at: start.toISOString() }, guard: 'G1' }))).status).toBe(200);
		const roundId = `S1@${start.toISOString()}`;
		const snapshot = async (): Promise<GuardSnapshot> => {
			const r = await asGuard('');
			expect(r.status).toBe(200);
			return r.json();
		};
		const first = await waitFor(async () => ((await snapshot()).rounds.some((r) => r.id === roundId) ? snapshot() : undefined), 15_000, 'the round on the phone');
		expect(first.guard).toEqual({ id: 'G1', name: name('王伟') });
		expect(first.checkpoints.map((c) => c.id)).toEqual(['A', 'B', 'C']);
		expect(first.rounds[0].id).toBe(roundId);

		await app.clock.set(new Date(start.getTime() + 3 * MIN));
		// Scanned at A two minutes ago while offline, sent now: stored with that time and no skew.
		const offline = await item({ checkpoint: 'A', method: 'manual' }, -2 * MIN);
		const stored = await asGuard('/scans', offline);
		expect(stored.status).toBe(201);
		expect((await stored.json()).status).toBe('stored');
		const again = await asGuard('/scans', offline);
		expect(again.status).toBe(200);
		expect((await again.json()).status).toBe('duplicate');
		const row = await eventOf(offline.id);
		expect(row).toMatchObject({ type: 'CheckpointScanned', source_kind: 'user', clock_skew_ms: null });
		expect(row.at.toISOString()).toBe(offline.at);
		expect(row.data).toMatchObject({ guard: 'G1', checkpoint: 'A', method: 'manual', sentAt: offline.sentAt });
		expect(await app.sql`select 1 from event where stream = ${site} and source_event_id = ${offline.id}`).toHaveLength(1);

		// A phone ten minutes slow: its scan is placed by the measured offset, and flagged.
		const t = await now();
		const slow = { id: randomUUID(), checkpoint: 'B', method: 'qr', at: new Date(t.getTime() - 10 * MIN - 30_000).toISOString(), sentAt: new Date(t.getTime() - 10 * MIN).toISOString() };
		expect((await asGuard('/scans', slow)).status).toBe(201);
		const skewed = await eventOf(slow.id);
		// The app's clock runs on between our reading and its receipt: within a second.
		expect(Math.abs(skewed.clock_skew_ms! + 10 * MIN)).toBeLessThan(1000);
		expect(Math.abs(skewed.at.getTime() - (t.getTime() - 30_000))).toBeLessThan(1000);
		expect(skewed.data.phoneAt).toBe(slow.at);

		const round = await waitFor(async () => {
			const r = (await snapshot()).rounds.find((x: Round) => x.id === roundId);
			return r && r.checkpoints[1].state !== 'pending' ? r : undefined;
		}, 10_000, 'both scans on the round');
		expect(round.guard).toBe('G1');
		expect(round.checkpoints.map((c) => [c.checkpoint, c.state, c.scannedAt])).toEqual([
			['A', 'on_time', offline.at],
			['B', 'on_time', skewed.at.toISOString()],
			['C', 'pending', null]
		]);

		// Bad input: a clear reason, nothing stored.
		const later = await item({ checkpoint: 'C', method: 'manual' }, 5 * MIN);
		const refused = await asGuard('/scans', later);
		expect(refused.status).toBe(400);
		expect((await refused.json()).reasons).toEqual([expect.stringMatching(/^at: after sentAt/)]);
		const malformed = await asGuard('/scans', { id: 'short', checkpoint: 'C', method: 'laser', at: 'yesterday' });
		expect(malformed.status).toBe(400);
		expect((await malformed.json()).reasons.length).toBeGreaterThanOrEqual(3);
		expect(await app.sql`select 1 from event where stream = ${site} and source_event_id = ${later.id}`).toHaveLength(0);
	});

	it('raises a panic press as a critical incident of the guard at the last checkpoint, and a check-in as contact', async () => {
		const console_ = await connectDashboard(app.baseUrl, app.cookie);
		try {
			expect((await console_.join(site)).ok).toBe(true);
			const press = await item({ checkpoint: 'B' });
			const r = await asGuard('/panic', press);
			expect(r.status).toBe(201);
			const answer = await r.json();
			expect(answer).toMatchObject({ status: 'stored', incident: expect.stringMatching(new RegExp(`^${site}:\\d+$`)) });
			const raised = await waitFor(() => console_.events(site).find((e) => e.type === 'AlarmRaised' && e.id === press.id), 5000, 'the panic on the console');
			expect(raised.data).toMatchObject({ type: 'panic', severity: 'critical', guard: 'G1', point: 'B' });
			const opened = await incident(answer.incident);
			expect(opened).toMatchObject({ alarmType: 'panic', severity: 'critical', priority: 1, device: 'G1', point: 'B', status: 'new' });
			// A retried press is the same press.
			const retry = await asGuard('/panic', press);
			expect(retry.status).toBe(200);
			expect((await retry.json()).incident).toBe(answer.incident);
			expect((await (await asGuard('')).json()).panic).toMatchObject({ incident: answer.incident, status: 'new' });

			const checkIn = await item({});
			expect((await asGuard('/check-ins', checkIn)).status).toBe(201);
			expect(await eventOf(checkIn.id)).toMatchObject({ type: 'GuardCheckedIn', data: { guard: 'G1' } });
		} finally {
			console_.close();
		}
	});

	it("sends an incident to the guard's phone, which takes it and arrives by a scan near it", async () => {
		const phone = ioClient(app.baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie: guardCookie } });
		const nudges: { site: string; seq: number }[] = [];
		phone.on('guard:changed', (p) => nudges.push(p));
		const panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		try {
			await waitFor(() => (phone.connected ? true : undefined), 10_000, 'phone socket');
			await panel.publish('alarms', alarmBody('smoke-1', { point: 'L1', type: 'smoke', severity: 'major', at: (await now()).toISOString() }));
			const opened = await waitFor(
				async () => (await app.sql<{ id: string }[]>`select id from incident where site = ${site} and device = 'FAP-1' and status = 'new'`)[0]?.id,
				10_000,
				'the smoke incident'
			);
			const dispatch = (guard: string) => app.api(`/api/incidents/${opened}/dispatch`, json('POST', { guard }));
			const unknown = await dispatch('G9');
			expect(unknown.status).toBe(400);
			expect((await unknown.json()).reason).toBe('unknown_guard');

			const sent = await dispatch('G1');
			expect(sent.status).toBe(200);
			expect((await sent.json()).incident).toMatchObject({ status: 'dispatched', dispatch: { guard: 'G1', acceptedAt: null, onSceneAt: null } });
			expect((await incident(opened)).acknowledgedAt).not.toBeNull();
			await waitFor(() => (nudges.length ? true : undefined), 5000, 'guard:changed on the phone');
			expect((await dispatch('G1')).status).toBe(409);

			const snapshot: GuardSnapshot = await (await asGuard('')).json();
			const shown = snapshot.dispatches.find((d) => d.incident.id === opened)!;
			expect(shown).toMatchObject({ placeName: name('L1 name'), acceptedAt: null, places: [[120.151, 30.28]] });
			// The shipped smoke procedure, as the control room works it: ticking a step on the console
			// nudges the phone, whose next snapshot shows it settled.
			expect(shown.procedure?.steps.length).toBeGreaterThan(0);
			const first = shown.procedure!.steps[0];
			expect(first.outcome).toBeNull();
			const nudged = nudges.length;
			const tick = await app.api(`/api/incidents/${opened}/checklist/${first.id}`, json('POST', first.kind === 'choice' ? { action: 'answer', answer: 'false' } : first.kind === 'note' ? { action: 'done', text: 'seen on camera' } : { action: 'done' }));
			expect(tick.status).toBe(200);
			await waitFor(() => (nudges.length > nudged ? true : undefined), 5000, 'guard:changed after a checklist step');
			const after: GuardSnapshot = await (await asGuard('')).json();
			expect(after.dispatches.find((d) => d.incident.id === opened)!.procedure!.steps[0].outcome).not.toBeNull();

			const take = await item({ incident: opened });
			expect((await asGuard('/accept', take)).status).toBe(201);
			expect((await asGuard('/accept', await item({ incident: opened }))).status).toBe(200);
			expect((await incident(opened)).dispatch?.acceptedAt).not.toBeNull();
			const notMine = await asGuard('/accept', await item({ incident: `${site}:1` }));
			expect(notMine.status).toBe(400);

			// C is ~100 m away: not on scene. B is where the detector is.
			expect((await asGuard('/scans', await item({ checkpoint: 'C', method: 'manual' }))).status).toBe(201);
			expect((await incident(opened)).status).toBe('dispatched');
			const there = await item({ checkpoint: 'B', method: 'nfc' }, -20_000);
			expect((await asGuard('/scans', there)).status).toBe(201);
			const reached = await incident(opened);
			expect(reached.status).toBe('on_scene');
			expect(reached.arrivedAt).toBe(there.at);
			expect(reached.dispatch?.onSceneAt).toBe(there.at);
		} finally {
			phone.close();
			await panel.close();
		}
	});
});
