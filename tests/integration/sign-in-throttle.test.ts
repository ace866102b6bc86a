import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ADDRESS_LIMIT, SIGN_IN_FIELD_LIMITS } from '../../src/lib/domain/access';
import { createUser } from '../fixtures/users';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';

const PASSWORD = 'correct horse battery';

/** How many of each status a batch of answers got. */
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

// The app sits "behind a proxy": ADDRESS_HEADER makes X-Forwarded-For the client's address, so
// each test can speak from addresses of its own.
describe('sign-in throttling per account and per address', () => {
	let app: RunningApp;
	let next = 0;
	/** A fresh address per call: 10.x.y.z. */
	const newAddress = () => (++next, `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`);

	beforeAll(async () => {
		app = await startApp({ env: { ADDRESS_HEADER: 'x-forwarded-for' }, headers: { 'x-forwarded-for': '192.0.2.1' } });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const login = (username: string, password: string, address: string | null, userAgent = 'throttle-test') =>
		fetch(`${app.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...(address === null ? {} : { 'x-forwarded-for': address }) },
			body: JSON.stringify({ username, password })
		});
	const statusesOf = async (attempts: Promise<Response>[]) => (await Promise.all(attempts)).map((r) => r.status);
	/** Let the account's and addresses' windows end, as ten minutes would. */
	const endWindows = () => app.sql`update sign_in_throttle set window_start = window_start - interval '1 day'`;
	const failureAudits = (username: string) =>
		app.sql<{ data: Record<string, unknown> }[]>`
			select data from event where stream = 'system' and type = 'SignInFailed' and data->>'username' = ${username} order by seq`;

	it('checks at most the account limit of 40 parallel wrong passwords; the rest are refused with 429', async () => {
		const username = uniqueId('parallel');
		await createUser(app.sql, { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [] });
		const address = newAddress();
		const answers = await Promise.all(Array.from({ length: 40 }, () => login(username, 'wrong-password', address)));
		expect(tally(answers.map((r) => r.status))).toEqual({ 401: SIGN_IN_ACCOUNT_LIMIT, 429: 40 - SIGN_IN_ACCOUNT_LIMIT });
		for (const r of answers.filter((a) => a.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
		// The right password is refused too while the window lasts: the guesser learns nothing.
		expect((await login(username, PASSWORD, address)).status).toBe(429);
	});

	it('limits one address across many usernames, and only that address', async () => {
		const address = newAddress();
		const username = uniqueId('sprayed');
		await createUser(app.sql, { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [] });
		const names = Array.from({ length: 40 }, (_, i) => (i === 0 ? username : uniqueId('spray')));
		const statuses = await statusesOf(names.map((name) => login(name, 'wrong-password', address)));
		expect(tally(statuses)).toEqual({ 401: SIGN_IN_ADDRESS_LIMIT, 429: 40 - SIGN_IN_ADDRESS_LIMIT });
		expect((await login(uniqueId('spray'), 'wrong-password', address)).status).toBe(429);
		// The account itself got one failure: from another address its user signs in.
		expect((await login(username, PASSWORD, newAddress())).status).toBe(200);

		// When the address's window ends, one summary tells its failures and refusals.
		await endWindows();
		expect((await login(username, PASSWORD, address)).status).toBe(200);
		const summaries = await app.sql<{ data: Record<string, unknown> }[]>`
			select data from event where stream = 'system' and type = 'SignInFailed' and data->>'address' = ${address} and data ? 'refused'`;
		expect(summaries.map((s) => s.data)).toEqual([expect.objectContaining({ address, count: SIGN_IN_ADDRESS_LIMIT, refused: 40 - SIGN_IN_ADDRESS_LIMIT + 1 })]);
	});

	it('limits one account across many addresses, and lets its user in again once the window has passed', async () => {
		const username = uniqueId('distributed');
		await createUser(app.sql, { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [] });
		const statuses = await statusesOf(Array.from({ length: 20 }, () => login(username, 'wrong-password', newAddress())));
		expect(tally(statuses)).toEqual({ 401: SIGN_IN_ACCOUNT_LIMIT, 429: 20 - SIGN_IN_ACCOUNT_LIMIT });
		const refused = await login(username, PASSWORD, newAddress());
		expect(refused.status).toBe(429);
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(600);
		await endWindows();
		expect((await login(username, PASSWORD, newAddress())).status).toBe(200);
	});

	it('audits a burst of failures as its first failure and one summary with a count, every field bounded', async () => {
		const username = uniqueId('audited');
		await createUser(app.sql, { username, displayName: 'x', role: 'operator', password: PASSWORD, sites: [] });
		const longAddress = `${'f'.repeat(300)}`; // whatever the address header carries
		const longAgent = `Mozilla/5.0 ${'x'.repeat(5000)}`;
		const statuses = await statusesOf(Array.from({ length: 25 }, () => login(username, 'wrong-password', longAddress, longAgent)));
		expect(tally(statuses)).toEqual({ 401: SIGN_IN_ACCOUNT_LIMIT, 429: 25 - SIGN_IN_ACCOUNT_LIMIT });

		// Each answer came after its audit was committed: one event for the whole burst so far.
		expect(await failureAudits(username)).toHaveLength(1);
		// When the window ends, one summary counts the rest: the later failures and the refusals.
		await endWindows();
		expect((await login(username, PASSWORD, newAddress())).status).toBe(200);
		const audits = await failureAudits(username);
		expect(audits).toHaveLength(2);
		expect(audits[0].data).toMatchObject({ username, count: 1 });
		expect(audits[1].data).toMatchObject({ username, count: SIGN_IN_ACCOUNT_LIMIT - 1, refused: 25 - SIGN_IN_ACCOUNT_LIMIT });
		for (const { data } of audits) {
			expect(String(data.userAgent).length).toBeLessThanOrEqual(SIGN_IN_FIELD_LIMITS.userAgent);
			expect(String(data.address).length).toBeLessThanOrEqual(SIGN_IN_FIELD_LIMITS.address);
			expect(JSON.stringify(data).length).toBeLessThan(1000);
		}

		// The admin's audit page shows them, found by the username.
		const page = await app.api(`/admin/audit?type=SignInFailed&actor=${username}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html.match(/data-audit-type="SignInFailed"/g)).toHaveLength(2);
		expect(html).toMatch(new RegExp(`count(&quot;|"):${SIGN_IN_ACCOUNT_LIMIT - 1}\\b`));
	});

	it('answers a request without the configured address header like any other, not with a 500', async () => {
		expect((await login(uniqueId('no-header'), 'wrong-password', null)).status).toBe(401);
	});
});
