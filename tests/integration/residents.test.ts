import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { createUser } from '../fixtures/users';
import { importBundle } from '../fixtures/projections-check';
import type { Role } from '../../src/lib/domain/access';
import type { ResidentView } from '../../src/lib/domain/resident/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

function estate(id: string): SiteBundle {
	return {
		site: { id, name: name(`Estate ${id}`), address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [],
		guards: [],
		places: [{ building: 'T1', units: [{ id: '1', floors: [1, 3], roomsPerFloor: 2 }, { id: '2', floors: [1, 3], roomsPerFloor: 2 }] }],
		plan: { type: 'FeatureCollection', features: [] }
	} as SiteBundle;
}

// Residents over the real app: recorded and listed masked, revealed by the service desk with a
// reason that the audit page shows, refused to administrators, guards, walls and other sites,
// corrected, and erased on request, while the event log never holds a name or a number.
describe('residents', () => {
	let app: RunningApp;
	const site = uniqueId('res-a');
	const other = uniqueId('res-b');
	const PASSWORD = 'a long enough password 1';
	const people = { op: 'operator', mgr: 'manager', guard: 'guard', wall: 'wall', opB: 'operator' } as const satisfies Record<string, Role>;
	type Who = keyof typeof people | 'admin';
	const cookies = {} as Record<Who, string>;
	const usernames = {} as Record<Who, string>;
	// What must never reach the log: the phone's digits (however it is typed) and the name.
	const PHONE = '139 8765 4321';
	const DIGITS = '13987654321';
	const NAME = '欧阳娜娜';
	const NEW_PHONE = '021-66554433';

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, estate(site));
		await createSite(app.sql, other);
		cookies.admin = app.cookie.replace(/^cookie: /i, '');
		for (const [who, role] of Object.entries(people) as [keyof typeof people, Role][]) {
			usernames[who] = `${who}-${site}`;
			await createUser(app.sql, { username: usernames[who], displayName: who, role, password: PASSWORD, sites: [who === 'opB' ? other : site] });
			cookies[who] = await signInCookie(app.baseUrl, usernames[who], PASSWORD);
		}
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
	const list = async (who: Who, query = '') => {
		const r = await call(who, 'GET', `/api/sites/${site}/residents${query}`);
		expect(r.status).toBe(200);
		return ((await r.json()) as { residents: ResidentView[] }).residents;
	};
	const eventsOf = (resident: string) =>
		app.sql<{ type: string; data: Record<string, unknown>; source_id: string }[]>`
			select type, data, source_id from event where stream = ${site} and data ->> 'resident' = ${resident} order by seq`;

	let id = '';

	it('records a resident and lists them masked, by place, by the last digits of the number and by name', async () => {
		const r = await call('op', 'POST', `/api/sites/${site}/residents`, { unit: 'T1-1-201', name: NAME, phone: PHONE, note: 'prefers calls after 6pm' });
		expect(r.status).toBe(201);
		const text = await r.text();
		expect(text).not.toContain(NAME);
		expect(text.replace(/\D/g, '')).not.toContain('8765');
		const created = (JSON.parse(text) as { resident: ResidentView }).resident;
		expect(created).toMatchObject({ site, unit: 'T1-1-201', name: '欧***', phone: '139 **** 4321', masked: true, erased: false, note: 'prefers calls after 6pm' });
		expect(created.id).toMatch(/^r-[0-9a-f]{16}$/);
		id = created.id;
		// A neighbour on another floor, to tell searches apart.
		expect((await call('mgr', 'POST', `/api/sites/${site}/residents`, { unit: 'T1-2-301', name: 'Alice Wang', phone: '13800001111' })).status).toBe(201);

		expect((await list('op')).map((x) => x.id)).toContain(id);
		const found = async (who: Who, query: string) => (await list(who, query)).map((x) => x.id).includes(id);
		expect(await found('op', '?unit=T1-1-201')).toBe(true);
		expect(await found('op', '?unit=T1')).toBe(true); // a building holds its rooms
		expect(await found('op', '?unit=T1-1-2F')).toBe(true); // and a floor its rooms
		expect(await found('op', '?unit=T1-2')).toBe(false);
		expect(await found('op', '?unit=T1-1-202')).toBe(false);
		expect(await found('op', '?phone=4321')).toBe(true);
		expect(await found('op', `?phone=${DIGITS}`)).toBe(true);
		expect(await found('op', '?phone=1111')).toBe(false);
		expect(await found('op', `?q=${encodeURIComponent('欧阳')}`)).toBe(true);
		// The admin sees residents masked, and no search of theirs spells out what the mask hides.
		expect(await found('admin', '?phone=4321')).toBe(true);
		expect((await call('admin', 'GET', `/api/sites/${site}/residents?phone=87654321`)).status).toBe(403);
		expect(await found('admin', `?q=${encodeURIComponent('欧阳')}`)).toBe(false);
		expect((await list('admin')).find((x) => x.id === id)).toMatchObject({ name: '欧***', phone: '139 **** 4321', note: null });

		expect((await eventsOf(id)).map((e) => e.type)).toEqual(['ResidentRecorded']);
	});

	it('refuses a place the site does not have, and what is not a name or a number', async () => {
		const record = (body: object) => call('op', 'POST', `/api/sites/${site}/residents`, { unit: 'T1-1-201', name: '张三', phone: '13812345678', ...body });
		const unknown = await record({ unit: 'T9-1-101' });
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toMatchObject({ reason: 'unknown_place' });
		expect((await record({ phone: 'call me' })).status).toBe(400);
		expect((await record({ phone: '12' })).status).toBe(400);
		expect((await record({ name: '' })).status).toBe(400);
		expect((await record({ note: 'n'.repeat(201) })).status).toBe(400);
		expect((await record({ extra: 'x' })).status).toBe(400);
	});

	it("reveals the number to an operator once per asking, with the reason on the admin's audit page", async () => {
		const r = await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: 'calling back about the lift complaint' });
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ value: PHONE });
		expect((await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'name', reason: 'greeting the caller' })).status).toBe(200);
		expect((await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'phone' })).status).toBe(400); // a reason is required
		expect((await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: 'x'.repeat(101) })).status).toBe(400);
		// A number typed into the reason would stay in the log for good.
		expect((await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: `called ${PHONE}` })).status).toBe(400);

		const revealed = (await eventsOf(id)).filter((e) => e.type === 'ResidentContactRevealed');
		expect(revealed.map((e) => e.data.field)).toEqual(['phone', 'name']);
		expect(revealed[0].data).toMatchObject({ resident: id, field: 'phone', reason: 'calling back about the lift complaint' });

		const audit = await (await app.api(`/admin/audit?site=${site}&type=ResidentContactRevealed`)).text();
		const row = audit.split('<tr').find((x) => x.includes('data-audit-type="ResidentContactRevealed"') && x.includes(id) && x.includes('lift complaint'));
		expect(row).toBeDefined();
		expect(row).toContain(`>${usernames.op}<`);
		expect(audit).not.toContain(DIGITS);
	});

	it('refuses reveals to administrators, guards, walls and other sites, and shows guards and walls no residents', async () => {
		const reveal = (who: Who) => call(who, 'POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: 'curious' });
		expect((await reveal('admin')).status).toBe(403);
		expect((await reveal('guard')).status).toBe(403);
		expect((await reveal('wall')).status).toBe(403);
		expect((await reveal('opB')).status).toBe(404); // a resident of another site is not there for them
		for (const who of ['guard', 'wall'] as const) {
			expect((await call(who, 'GET', `/api/sites/${site}/residents`)).status).toBe(403);
			expect((await call(who, 'GET', `/api/residents/${id}`)).status).toBe(403);
			expect((await call(who, 'GET', '/residents')).status).toBe(403);
		}
		expect((await call('opB', 'GET', `/api/sites/${site}/residents`)).status).toBe(403);
		expect((await call('opB', 'GET', `/api/residents/${id}`)).status).toBe(404);
		expect((await call('admin', 'PATCH', `/api/residents/${id}`, { note: 'x' })).status).toBe(403);
		// Only the operator's two reveals were recorded.
		expect((await eventsOf(id)).filter((e) => e.type === 'ResidentContactRevealed')).toHaveLength(2);
	});

	it('corrects a resident, naming the fields changed and never their values', async () => {
		const r = await call('op', 'PATCH', `/api/residents/${id}`, { phone: NEW_PHONE, unit: 'T1-1-202' });
		expect(r.status).toBe(200);
		expect(((await r.json()) as { resident: ResidentView }).resident).toMatchObject({ unit: 'T1-1-202', phone: '021-****4433' });
		// The same again changes nothing and says nothing in the log.
		expect((await call('op', 'PATCH', `/api/residents/${id}`, { phone: NEW_PHONE })).status).toBe(200);
		expect((await call('op', 'PATCH', `/api/residents/${id}`, { unit: 'T9-9-909' })).status).toBe(400);
		const updates = (await eventsOf(id)).filter((e) => e.type === 'ResidentUpdated');
		expect(updates.map((e) => e.data.fields)).toEqual([['phone', 'unit']]);
	});

	it("erases a resident on request: the row keeps its id, site and unit; the log never held a name or a number", async () => {
		expect((await call('op', 'POST', `/api/residents/${id}/erase`, {})).status).toBe(403);
		const r = await call('mgr', 'POST', `/api/residents/${id}/erase`, {});
		expect(r.status).toBe(200);
		expect(((await r.json()) as { resident: ResidentView }).resident).toMatchObject({ id, site, unit: 'T1-1-202', name: '', phone: '', note: null, erased: true });

		const [row] = await app.sql`select id, site, unit, name, phone, note, erased_at from resident where id = ${id}`;
		expect(row).toMatchObject({ id, site, unit: 'T1-1-202', name: null, phone: null, note: null });
		expect(row.erased_at).toBeInstanceOf(Date);

		expect((await call('op', 'GET', `/api/residents/${id}`)).status).toBe(200);
		expect((await call('op', 'POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: 'call back' })).status).toBe(409);
		expect((await call('op', 'PATCH', `/api/residents/${id}`, { name: '张三' })).status).toBe(409);
		expect((await call('admin', 'POST', `/api/residents/${id}/erase`, {})).status).toBe(409);
		expect((await list('op')).map((x) => x.id)).not.toContain(id);
		expect((await list('op', '?erased=1')).find((x) => x.id === id)).toMatchObject({ erased: true, name: '', phone: '' });

		expect((await eventsOf(id)).map((e) => e.type)).toEqual(['ResidentRecorded', 'ResidentContactRevealed', 'ResidentContactRevealed', 'ResidentUpdated', 'ResidentErased']);
		// Nowhere in the whole log (any stream, any type): not the digits however typed, not the name.
		const leaks = await app.sql`
			select stream, seq, type from event
			where regexp_replace(data::text, '\\D', '', 'g') like ${`%${DIGITS.slice(3)}%`}
				or regexp_replace(data::text, '\\D', '', 'g') like ${'%66554433%'}
				or data::text like ${`%${NAME}%`} or data::text like ${'%Alice Wang%'}`;
		expect(leaks).toEqual([]);
		const [{ n }] = await app.sql`select count(*)::int as n from dead_letter where encode(raw, 'escape') like ${'%87654321%'}`;
		expect(n).toBe(0);
		expect(app.logs()).not.toContain('8765 4321');
		expect(app.logs()).not.toContain(NAME);
	});
});
