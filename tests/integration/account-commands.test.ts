import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { createUser } from '../fixtures/users';

const PASSWORD = 'correct horse battery';

/**
 * Each account, token and device-credential change commits with its audit event or not at all.
 * To make the event's append fail after the state change was written, the database refuses
 * events of chosen types (a trigger on `event`, this test's own): a command whose change and
 * event were two transactions would leave the change behind.
 */
describe('account commands are atomic with their events', () => {
	let app: RunningApp;
	const site = uniqueId('acc');

	const json = (method: string, body?: unknown): RequestInit => ({
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const refuse = async (...types: string[]) => {
		await app.sql`delete from refused_event_type`;
		if (types.length) await app.sql`insert into refused_event_type ${app.sql(types.map((type) => ({ type })))}`;
	};
	const countEvents = async (type: string, key: string, value: string) => {
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from event where type = ${type} and data->>${key} = ${value}`;
		return n;
	};

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, site);
		await app.sql`create table refused_event_type (type text primary key)`;
		await app.sql`grant select on refused_event_type to public`;
		await app.sql.unsafe(`
			create function refuse_event() returns trigger language plpgsql as $$
			begin
				if exists (select 1 from refused_event_type where type = new.type) then
					raise exception 'event % refused by the test', new.type;
				end if;
				return new;
			end $$`);
		await app.sql`create trigger refuse_event before insert on event for each row execute function refuse_event()`;
	});
	beforeEach(() => refuse());
	afterAll(async () => {
		await app?.dispose();
	});

	it('a user whose UserCreated cannot be stored is not created; created, the row and its event exist together', async () => {
		const username = uniqueId('op');
		const body = { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [site] };
		await refuse('UserCreated');
		expect((await app.api('/api/users', json('POST', body))).status).toBe(500);
		expect(await app.sql`select 1 from app_user where username = ${username}`).toHaveLength(0);

		await refuse();
		const created = await app.api('/api/users', json('POST', body));
		expect(created.status).toBe(201);
		const { user } = await created.json();
		expect(await app.sql`select 1 from user_site where user_id = ${user.id} and site = ${site}`).toHaveLength(1);
		expect(await countEvents('UserCreated', 'user', user.id)).toBe(1);
	});

	it('two creates of one username at once: one 201 and one 409, one row, one event', async () => {
		const username = uniqueId('twin');
		const body = { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [] };
		const statuses = await Promise.all([1, 2].map(async () => (await app.api('/api/users', json('POST', body))).status));
		expect(statuses.sort()).toEqual([201, 409]);
		const rows = await app.sql<{ id: string }[]>`select id from app_user where username = ${username}`;
		expect(rows).toHaveLength(1);
		expect(await countEvents('UserCreated', 'user', rows[0].id)).toBe(1);
	});

	it('a change or an end of sessions whose event cannot be stored changes nothing', async () => {
		const user = await createUser(app.sql, { username: uniqueId('op'), displayName: 'Before', role: 'operator', password: PASSWORD, sites: [site] });
		const cookie = await signInCookie(app.baseUrl, user.username, PASSWORD);
		await refuse('UserUpdated', 'UserSessionsEnded');
		expect((await app.api(`/api/users/${user.id}`, json('PATCH', { disabled: true, displayName: 'After', sites: [] }))).status).toBe(500);
		expect((await app.api(`/api/users/${user.id}/sessions`, { method: 'DELETE' })).status).toBe(500);
		const [row] = await app.sql`select display_name, disabled_at from app_user where id = ${user.id}`;
		expect(row).toEqual({ display_name: 'Before', disabled_at: null });
		expect(await app.sql`select 1 from user_site where user_id = ${user.id}`).toHaveLength(1);
		expect((await fetch(`${app.baseUrl}/api/events?site=${site}`, { headers: { cookie } })).status).toBe(200);

		await refuse();
		expect((await app.api(`/api/users/${user.id}`, json('PATCH', { disabled: true }))).status).toBe(200);
		expect((await fetch(`${app.baseUrl}/api/events?site=${site}`, { headers: { cookie } })).status).toBe(401);
		expect(await countEvents('UserUpdated', 'user', user.id)).toBe(1);
	});

	it('a token whose ApiTokenCreated or ApiTokenRevoked cannot be stored is neither created nor revoked', async () => {
		const name = uniqueId('tool');
		await refuse('ApiTokenCreated');
		expect((await app.api('/api/tokens', json('POST', { name, role: 'manager', sites: [site] }))).status).toBe(500);
		expect(await app.sql`select 1 from api_token where name = ${name}`).toHaveLength(0);

		await refuse('ApiTokenRevoked');
		const created = await app.api('/api/tokens', json('POST', { name, role: 'manager', sites: [site] }));
		expect(created.status).toBe(201);
		const { id, token } = await created.json();
		expect(await countEvents('ApiTokenCreated', 'token', id)).toBe(1);
		expect((await app.api(`/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(500);
		expect((await fetch(`${app.baseUrl}/api/events?site=${site}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
		expect(await countEvents('ApiTokenRevoked', 'token', id)).toBe(0);
	});

	it('a device credential whose event cannot be stored is neither issued, rotated nor revoked', async () => {
		const device = uniqueId('gw');
		const credential = () => app.sql<{ secret_hash: string; revoked_at: Date | null }[]>`
			select secret_hash, revoked_at from device_credential where site = ${site} and device = ${device}`;
		await refuse('DeviceCreated');
		expect((await app.api(`/api/sites/${site}/devices`, json('POST', { id: device, kind: 'gateway' }))).status).toBe(500);
		expect(await credential()).toHaveLength(0);
		expect(await app.sql`select 1 from device where site = ${site} and id = ${device}`).toHaveLength(0);

		await refuse('DeviceCredentialRotated', 'DeviceCredentialRevoked');
		expect((await app.api(`/api/sites/${site}/devices`, json('POST', { id: device, kind: 'gateway' }))).status).toBe(201);
		const [issued] = await credential();
		expect((await app.api(`/api/sites/${site}/devices/${device}/credentials`, { method: 'POST' })).status).toBe(500);
		expect((await app.api(`/api/sites/${site}/devices/${device}/credentials`, { method: 'DELETE' })).status).toBe(500);
		expect(await credential()).toEqual([issued]);
		expect(issued.revoked_at).toBeNull();
		expect(await countEvents('DeviceCreated', 'device', device)).toBe(1);
	});
});
