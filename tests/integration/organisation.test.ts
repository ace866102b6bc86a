import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { connectDashboard } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import { EMPTY_ORGANISATION, type Organisation, type SiteOrganisation } from '../../src/lib/domain/organisation/model';
import type { OrganisationSheet } from '../../src/lib/domain/organisation/sheet';
import type { Queryable } from '../../src/lib/server/db/client';
import { getOrganisation, getOrganisationOf } from '../../src/lib/server/domain/organisation/queries';

const name = (en: string, zh = en) => ({ 'zh-CN': zh, 'zh-TW': zh, en });
const zone = (id: string, x: number) => ({
	type: 'Feature',
	geometry: { type: 'Polygon', coordinates: [[[x, 30], [x + 0.001, 30], [x + 0.001, 30.001], [x, 30.001], [x, 30]]] },
	properties: { kind: 'zone', id, name: name(`Zone ${id}`, `${id} 区`) }
});

// A site's organisation over the real app: read and saved through the API (who may, what is
// refused and why, on which field), kept in its projection in the saving transaction, sent live
// to a console, replayed at an instant, and listed on the audit page.
describe('the organisation', () => {
	let app: RunningApp;
	const site = uniqueId('org');
	const other = uniqueId('org-other');
	const PASSWORD = 'a long enough password 1';
	const people = { mgr: 'manager', op: 'operator', guard: 'guard', wall: 'wall', outsider: 'operator', gone: 'guard' } as const;
	type Who = keyof typeof people;
	const ids = {} as Record<Who, string>;
	const cookies = {} as Record<Who, string>;
	const sql = () => app.sql as unknown as Queryable;

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, site, 'Asia/Hong_Kong', { type: 'FeatureCollection', features: [zone('NORTH', 114.1), zone('SOUTH', 114.2)] });
		await createSite(app.sql, other);
		for (const who of Object.keys(people) as Who[]) {
			const user = await createUser(app.sql, { username: `${who}-${site}`, displayName: `User ${who}`, role: people[who], password: PASSWORD, sites: [who === 'outsider' ? other : site] });
			ids[who] = user.id;
			cookies[who] = await signInCookie(app.baseUrl, `${who}-${site}`, PASSWORD);
		}
		const disabled = await app.api(`/api/users/${ids.gone}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
		expect(disabled.status).toBe(200);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const call = (who: Who | 'admin', method: string, body?: unknown, at = site) =>
		fetch(`${app.baseUrl}/api/sites/${at}/organisation`, {
			method,
			headers: { origin: app.baseUrl, cookie: who === 'admin' ? app.cookie : cookies[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	const put = (expectedVersion: number, organisation: unknown) => call('admin', 'PUT', { expectedVersion, organisation });
	const answer = async (r: Response) => ({ status: r.status, ...((await r.json()) as { reason?: string; version?: number; problems?: { field: string; code: string }[] }) });

	const organisation = (): Organisation => ({
		departments: [
			{ id: 'security', kind: 'security', name: name('Security', '秩序维护部'), supervisor: ids.op, members: [ids.op, ids.guard] },
			{ id: 'customer_service', kind: 'customer_service', name: name('Customer service', '客服部'), supervisor: ids.mgr, members: [ids.mgr] }
		],
		manager: ids.mgr,
		serviceCentre: [],
		stewards: [
			{ zone: 'NORTH', user: ids.guard, department: 'security' },
			{ zone: 'SOUTH', user: ids.mgr, department: 'customer_service' }
		],
		workingHours: { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5, 6] },
		endOfDay: '20:00'
	});

	it('answers who may read it with the site’s people and zones, and lets only admins save', async () => {
		const first = await call('admin', 'GET');
		expect(first.status).toBe(200);
		const sheet = (await first.json()) as OrganisationSheet;
		// None saved yet: version 0, nobody named.
		expect(sheet.version).toBe(0);
		expect(sheet.organisation).toEqual(EMPTY_ORGANISATION);
		expect(sheet.zones).toEqual([
			{ id: 'NORTH', name: name('Zone NORTH', 'NORTH 区') },
			{ id: 'SOUTH', name: name('Zone SOUTH', 'SOUTH 区') }
		]);
		// The site's active people: not its wall display, not another site's operator, not a disabled account.
		const listed = new Map(sheet.users.map((u) => [u.id, u]));
		expect(listed.get(ids.mgr)).toEqual({ id: ids.mgr, displayName: 'User mgr', role: 'manager' });
		expect([ids.op, ids.guard].every((id) => listed.has(id))).toBe(true);
		expect([ids.wall, ids.outsider, ids.gone].some((id) => listed.has(id))).toBe(false);
		expect(sheet.users.some((u) => u.role === 'admin')).toBe(true);

		expect((await call('mgr', 'GET')).status).toBe(200);
		expect((await call('op', 'GET')).status).toBe(200);
		for (const who of ['wall', 'guard', 'outsider'] as const) expect((await call(who, 'GET')).status, who).toBe(403);
		expect((await call('mgr', 'PUT', { expectedVersion: 0, organisation: organisation() })).status).toBe(403);
		expect((await call('admin', 'GET', undefined, 'no-such-site')).status).toBe(404);
		expect((await call('admin', 'PUT', { expectedVersion: 0, organisation: organisation() }, 'no-such-site')).status).toBe(404);
	});

	it('refuses a document with problems, each on its field, and appends nothing', async () => {
		const bad = organisation();
		bad.departments[0].id = 'Security!';
		bad.departments[1].name.en = '';
		bad.workingHours.start = '8:30';
		const invalid = await answer(await put(0, bad));
		expect(invalid).toMatchObject({ status: 400, reason: 'invalid' });
		expect(invalid.problems).toEqual(
			expect.arrayContaining([
				{ field: 'departments.0.id', code: 'invalid' },
				{ field: 'departments.1.name.en', code: 'required' },
				{ field: 'workingHours.start', code: 'invalid' }
			])
		);

		const strangers = organisation();
		strangers.manager = ids.outsider;
		strangers.departments[0].members.push(ids.wall, ids.gone);
		expect(await answer(await put(0, strangers))).toMatchObject({
			status: 400,
			reason: 'unknown_user',
			problems: [
				{ field: 'departments.0.members.2', code: 'unknown_user' },
				{ field: 'departments.0.members.3', code: 'unknown_user' },
				{ field: 'manager', code: 'unknown_user' }
			]
		});

		const elsewhere = organisation();
		elsewhere.stewards[1].zone = 'WEST';
		expect(await answer(await put(0, elsewhere))).toMatchObject({ status: 400, reason: 'unknown_zone', problems: [{ field: 'stewards.1.zone', code: 'unknown_zone' }] });

		const outside = organisation();
		outside.stewards[1].user = ids.guard;
		expect(await answer(await put(0, outside))).toMatchObject({ status: 400, reason: 'not_a_member', problems: [{ field: 'stewards.1.user', code: 'not_a_member' }] });

		expect((await put(0, { ...organisation(), endOfDay: '25:00' })).status).toBe(400);
		expect((await call('admin', 'PUT', { organisation: organisation() })).status).toBe(400);
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from event where stream = ${site} and type = 'OrganisationUpdated'`;
		expect(n).toBe(0);
		expect(await getOrganisation(sql(), site)).toBeNull();
	});

	it('saves with the version it was edited from, keeps it in its projection, sends it live, and refuses a stale save', async () => {
		const watcher = await connectDashboard(app.baseUrl, cookies.mgr, { origin: app.baseUrl });
		try {
			expect((await watcher.join(site, 0)).ok).toBe(true);
			const saved = await answer(await put(0, organisation()));
			expect(saved).toEqual({ status: 200, version: 1 });
			const live = await waitFor(
				() => watcher.projections.filter((p) => p.site === site).flatMap((p) => (p.updates.organisation?.upsert ?? []) as SiteOrganisation[]).at(-1),
				5_000,
				'the organisation on the console'
			);
			expect(live).toMatchObject({ id: site, site, version: 1, organisation: organisation() });

			// Another admin's form was still at version 0: someone saved first.
			const stale = await answer(await put(0, { ...organisation(), manager: null }));
			expect(stale).toMatchObject({ status: 409, reason: 'version_conflict', version: 1 });
			expect((await answer(await put(2, organisation()))).status).toBe(409);

			const second = { ...organisation(), serviceCentre: [ids.op], endOfDay: '21:00' };
			expect(await answer(await put(1, second))).toEqual({ status: 200, version: 2 });
		} finally {
			watcher.close();
		}

		// The projection row, in step with the log.
		const events = await app.sql<{ seq: number; source_kind: string; source_id: string; data: { version: number } }[]>`
			select seq, source_kind, source_id, data from event where stream = ${site} and type = 'OrganisationUpdated' order by seq`;
		const [admin] = await app.sql<{ id: string }[]>`select id::text as id from app_user where username = 'admin'`;
		expect(events.map((e) => [e.data.version, e.source_kind, e.source_id])).toEqual([
			[1, 'user', admin.id],
			[2, 'user', admin.id]
		]);
		const [row] = await app.sql<{ version: number; last_seq: number; state: SiteOrganisation }[]>`select version, last_seq, state from organisation where site = ${site}`;
		expect(row.version).toBe(2);
		expect(row.last_seq).toBe(events[1].seq);
		expect(row.state).toMatchObject({ id: site, version: 2, updatedBy: admin.id, organisation: { serviceCentre: [ids.op], endOfDay: '21:00' } });

		// What the ticket commands read; a site without one gets the empty one in its time zone.
		expect((await getOrganisationOf(sql(), site)).serviceCentre).toEqual([ids.op]);
		expect(await getOrganisationOf(sql(), other)).toEqual(EMPTY_ORGANISATION);
		expect((await (await call('op', 'GET')).json()) as OrganisationSheet).toMatchObject({ version: 2, organisation: { endOfDay: '21:00' } });

		// The organisation as it stood at the first save, replayed.
		const then = await app.api(`/api/sites/${site}/state?seq=${events[0].seq}`);
		expect(then.status).toBe(200);
		const state = (await then.json()) as { projections: { organisation: SiteOrganisation[] } };
		expect(state.projections.organisation).toMatchObject([{ version: 1, organisation: { endOfDay: '20:00', serviceCentre: [] } }]);
	});

	it('lists each save on the audit page', async () => {
		const page = await app.api(`/admin/audit?type=OrganisationUpdated&site=${site}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html.match(/data-audit-type="OrganisationUpdated"/g)).toHaveLength(2);
	});
});

describe('the demo estate’s organisation', () => {
	it('is saved once at first run, through the same command, naming the demo accounts', async () => {
		const demo = await startApp({ env: { DEMO: '1', SIMULATOR_RATE: '0' } });
		try {
			const estate = 'demo-estate';
			const read = async () => ((await (await demo.api(`/api/sites/${estate}/organisation`)).json()) as OrganisationSheet);
			const sheet = await read();
			const byName = new Map(sheet.users.map((u) => [u.displayName, u.id]));
			expect(sheet.version).toBe(1);
			expect(sheet.organisation.departments.map((d) => d.kind)).toEqual(['engineering', 'cleaning', 'security', 'customer_service', 'greenery']);
			expect(sheet.organisation.manager).toBe(byName.get('manager'));
			expect(sheet.organisation.stewards.map((s) => s.zone).sort()).toEqual(sheet.zones.map((z) => z.id).sort());
			expect(sheet.organisation.stewards.find((s) => s.zone === 'KINDERGARTEN')).toEqual({ zone: 'KINDERGARTEN', user: byName.get('guard'), department: 'security' });
			const [saved] = await demo.sql<{ source_kind: string; source_id: string }[]>`select source_kind, source_id from event where stream = ${estate} and type = 'OrganisationUpdated'`;
			expect(saved).toEqual({ source_kind: 'system', source_id: 'demo' });
			// Not again at the next start: it is the admins' from now on.
			await demo.restart();
			expect((await read()).version).toBe(1);
		} finally {
			await demo.dispose();
		}
	});
});
