import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/domain/finding/findings';
import { MAX_PHOTO_BYTES } from '../../src/lib/domain/guard/phone-input';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { SiteState } from '../../src/lib/realtime/contract';
import { signInCookie, startApp, type RunningApp } from '../fixtures/app';
import { connectDashboard, isoNow } from '../fixtures/clients';
import { makePng, sha256 } from '../fixtures/photos';
import { waitFor } from '../fixtures/ports';
import { rawRequest, sendRaw } from '../fixtures/raw-http';
import { importBundle } from '../fixtures/projections-check';

// Issue 15, item 4, on the real app: photos stored once by their hash and readable only on their
// site, findings through the single writer, on a console's socket and in a replay of the log.
describe('findings and their photos', () => {
	const stamp = Date.now().toString(36);
	const siteA = `fa-${stamp}`;
	const siteB = `fb-${stamp}`;
	const PASSWORD = 'finding-test-password';
	let app: RunningApp;
	const cookies: Record<'guardA' | 'guardB' | 'operatorB' | 'wallA', string> = { guardA: '', guardB: '', operatorB: '', wallA: '' };
	let guardAId = '';
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const checkpoint = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'checkpoint', id, name: name(`Checkpoint ${id}`) }
	});
	const bundle = (id: string, guard: string) =>
		({
			site: { id, name: name(`Estate ${id}`), address: name('1 Test Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [],
			guards: [{ id: guard, name: name(`Guard ${guard}`) }],
			plan: { type: 'FeatureCollection', features: [checkpoint('CP-1', 120.15), checkpoint('CP-2', 120.151)] }
		}) as unknown as SiteBundle;

	/** fetch as one of the test's accounts, from the product's own pages (the Origin a browser adds). */
	const as = (cookie: string) => (p: string, init: RequestInit = {}) =>
		fetch(`${app.baseUrl}${p}`, { ...init, headers: { origin: app.baseUrl, ...(init.headers as Record<string, string>), cookie } });
	const upload = (cookie: string, site: string, bytes: Buffer, type = 'image/png') =>
		as(cookie)(`/api/sites/${site}/photos`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(bytes) });
	const report = (cookie: string, site: string, body: Record<string, unknown>) =>
		as(cookie)(`/api/sites/${site}/guard/findings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	let findingN = 0;
	const finding = (extra: Record<string, unknown> = {}) => ({
		id: `finding-${stamp}-${++findingN}`,
		at: isoNow(-60_000),
		sentAt: isoNow(),
		checkpoint: 'CP-1',
		category: 'leak',
		text: 'Water under the pump room door',
		photo: null,
		...extra
	});
	const createUser = async (username: string, body: Record<string, unknown>) => {
		const r = await app.api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, displayName: username, password: PASSWORD, ...body }) });
		expect(r.status, await r.clone().text()).toBe(201);
		return ((await r.json()) as { user: { id: string } }).user.id;
	};

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, bundle(siteA, 'G1'));
		await importBundle(app.sql, bundle(siteB, 'G9'));
		guardAId = await createUser('guard-a', { role: 'guard', sites: [siteA], guard: { site: siteA, guard: 'G1' } });
		await createUser('guard-b', { role: 'guard', sites: [siteB], guard: { site: siteB, guard: 'G9' } });
		await createUser('operator-b', { role: 'operator', sites: [siteB] });
		await createUser('wall-a', { role: 'wall', sites: [siteA] });
		cookies.guardA = await signInCookie(app.baseUrl, 'guard-a', PASSWORD);
		cookies.guardB = await signInCookie(app.baseUrl, 'guard-b', PASSWORD);
		cookies.operatorB = await signInCookie(app.baseUrl, 'operator-b', PASSWORD);
		cookies.wallA = await signInCookie(app.baseUrl, 'wall-a', PASSWORD);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	describe('the photo store', () => {
		const photo = makePng(64, 48, 10);
		const hash = sha256(photo);

		it('stores a photo once under its SHA-256, as a file named by it and one row for the site', async () => {
			const first = await upload(cookies.guardA, siteA, photo);
			expect(first.status).toBe(201);
			expect(await first.json()).toEqual({ hash });
			const again = await upload(cookies.guardA, siteA, photo);
			expect(again.status).toBe(200);
			expect(await again.json()).toEqual({ hash });
			// The control room may attach photos too (work orders will).
			expect((await upload(app.cookie, siteA, photo)).status).toBe(200);
			const file = path.join(app.dataDir, 'photos', hash.slice(0, 2), hash);
			expect(await fs.readFile(file)).toEqual(photo);
			expect((await fs.readdir(path.dirname(file))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
			const rows = await app.sql`select site, content_type, bytes, created_by from photo where hash = ${hash}`;
			expect(rows).toEqual([{ site: siteA, content_type: 'image/png', bytes: photo.length, created_by: guardAId }]);
		});

		it('serves it to the site’s watchers and its guard with its type, kept privately for good, its hash the ETag', async () => {
			for (const cookie of [app.cookie, cookies.wallA, cookies.guardA]) {
				const r = await as(cookie)(`/api/sites/${siteA}/photos/${hash}`);
				expect(r.status).toBe(200);
				expect(r.headers.get('content-type')).toBe('image/png');
				expect(r.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
				expect(r.headers.get('etag')).toBe(`"${hash}"`);
				expect(Buffer.from(await r.arrayBuffer())).toEqual(photo);
			}
			const cached = await as(app.cookie)(`/api/sites/${siteA}/photos/${hash}`, { headers: { 'if-none-match': `"${hash}"` } });
			expect(cached.status).toBe(304);
			expect((await as(app.cookie)(`/api/sites/${siteA}/photos/${'0'.repeat(64)}`)).status).toBe(404);
			expect((await as(app.cookie)(`/api/sites/${siteA}/photos/not-a-hash`)).status).toBe(404);
			expect((await fetch(`${app.baseUrl}/api/sites/${siteA}/photos/${hash}`)).status).toBe(401);
		});

		it('refuses a photo over MAX_PHOTO_BYTES with 413, declared or streamed, and takes one of exactly that size', async () => {
			// Raw sockets, one request each: the app answers before it has read an oversized body,
			// and a pooled fetch connection would be reused after the app dropped the rest.
			const headers = { host: `127.0.0.1:${app.port}`, origin: app.baseUrl, cookie: cookies.guardA, 'content-type': 'image/png' };
			const target = `/api/sites/${siteA}/photos`;
			const big = Buffer.concat([makePng(4, 4), Buffer.alloc(MAX_PHOTO_BYTES)]);
			expect(await sendRaw(app.port, rawRequest('POST', target, headers, big))).toEqual({ status: 413 });
			const piece = 256 * 1024;
			const chunks = [big.subarray(0, piece), ...Array.from({ length: Math.ceil(MAX_PHOTO_BYTES / piece) }, () => Buffer.alloc(piece))];
			const chunked = Buffer.concat([...chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
			const head = rawRequest('POST', target, { ...headers, 'transfer-encoding': 'chunked' });
			expect(await sendRaw(app.port, Buffer.concat([head, chunked]))).toEqual({ status: 413 });
			const atLimit = makePng(4, 4);
			const padded = Buffer.concat([atLimit, Buffer.alloc(MAX_PHOTO_BYTES - atLimit.length)]);
			expect((await upload(cookies.guardA, siteA, padded)).status).toBe(201);
		});

		it('refuses other types with 415, and bytes that are not the image they claim to be', async () => {
			const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
			expect((await upload(cookies.guardA, siteA, gif, 'image/gif')).status).toBe(415);
			expect((await upload(cookies.guardA, siteA, makePng(), 'text/plain')).status).toBe(415);
			const jpegClaim = await upload(cookies.guardA, siteA, makePng(), 'image/jpeg');
			expect(jpegClaim.status).toBe(415);
			expect(await jpegClaim.json()).toMatchObject({ message: 'the bytes are image/png, not image/jpeg', reason: 'type_mismatch' });
			const script = await upload(cookies.guardA, siteA, Buffer.from('<svg onload="alert(1)"/>'), 'image/png');
			expect(script.status).toBe(415);
			expect(await script.json()).toMatchObject({ reason: 'type_mismatch' });
			expect((await upload(cookies.guardA, siteA, Buffer.alloc(0))).status).toBe(400);
			expect(Number((await app.sql`select count(*)::int as n from photo where site = ${siteA}`)[0].n)).toBe(2);
		});

		it('keeps a site’s photo from another site’s people, even with its hash', async () => {
			expect((await as(cookies.operatorB)(`/api/sites/${siteA}/photos/${hash}`)).status).toBe(403);
			expect((await as(cookies.guardB)(`/api/sites/${siteA}/photos/${hash}`)).status).toBe(403);
			expect((await upload(cookies.guardB, siteA, photo)).status).toBe(403);
			// Named on their own site, the hash opens nothing there until that site holds the photo.
			expect((await as(cookies.operatorB)(`/api/sites/${siteB}/photos/${hash}`)).status).toBe(404);
			expect((await as(app.cookie)(`/api/sites/${siteB}/photos/${hash}`)).status).toBe(404);
			// Sent there too, it is the same file and a second row.
			expect((await upload(cookies.operatorB, siteB, photo)).status).toBe(201);
			expect((await as(cookies.operatorB)(`/api/sites/${siteB}/photos/${hash}`)).status).toBe(200);
			expect((await fs.readdir(path.join(app.dataDir, 'photos', hash.slice(0, 2)))).filter((f) => f.startsWith(hash))).toEqual([hash]);
			// A wall watches; it does not send.
			expect((await upload(cookies.wallA, siteA, photo)).status).toBe(403);
		});
	});

	describe('a finding', () => {
		const photo = makePng(80, 60, 90);
		const hash = sha256(photo);

		it('is stored once however often the phone retries, on a console’s socket at once, and in the projection', async () => {
			const dashboard = await connectDashboard(app.baseUrl, app.cookie);
			try {
				expect(await dashboard.join(siteA)).toMatchObject({ ok: true });
				expect((await upload(cookies.guardA, siteA, photo)).status).toBe(201);
				const body = finding({ photo: hash, category: 'damage', text: 'Fire door closer broken' });
				const first = await report(cookies.guardA, siteA, body);
				expect(first.status).toBe(201);
				const stored = await first.json();
				expect(stored).toEqual({ status: 'stored', seq: expect.any(Number) });
				const retry = await report(cookies.guardA, siteA, { ...body, sentAt: isoNow() });
				expect(retry.status).toBe(200);
				expect(await retry.json()).toEqual({ status: 'duplicate', seq: stored.seq });

				const events = await app.sql`select type, source_kind, source_id, source_event_id, data from event where stream = ${siteA} and type = 'FindingReported'`;
				expect(events).toHaveLength(1);
				expect(events[0]).toMatchObject({ source_kind: 'user', source_id: guardAId, source_event_id: body.id });
				expect(events[0].data).toMatchObject({ finding: body.id, guard: 'G1', checkpoint: 'CP-1', category: 'damage', text: body.text, photo: hash, sentAt: body.sentAt });

				const packet = await waitFor(() => dashboard.events(siteA).find((e) => e.type === 'FindingReported'), 5000, 'the FindingReported packet');
				expect(packet).toMatchObject({ seq: stored.seq, data: { finding: body.id, photo: hash } });
				const update = await waitFor(() => dashboard.projections.find((p) => p.site === siteA && p.updates.findings), 5000, 'the findings update');
				expect(update.seq).toBe(stored.seq);
				expect(update.updates.findings.upsert).toEqual([
					expect.objectContaining({ id: body.id, site: siteA, guard: 'G1', checkpoint: 'CP-1', category: 'damage', text: body.text, photo: hash, status: 'open', workOrder: null, seq: stored.seq, reportedBy: guardAId })
				]);
				const [row] = await app.sql<{ state: Finding }[]>`select state from finding where site = ${siteA} and id = ${body.id}`;
				expect(row.state).toEqual(update.updates.findings.upsert[0]);
				// A retry committed nothing more, so no second packet either.
				expect(dashboard.events(siteA).filter((e) => e.type === 'FindingReported')).toHaveLength(1);
			} finally {
				dashboard.close();
			}
		});

		it('goes without a photo or a checkpoint', async () => {
			const r = await report(cookies.guardA, siteA, finding({ checkpoint: null, category: 'lighting', text: 'Lamp out in stairwell 3' }));
			expect(r.status).toBe(201);
		});

		it('is refused with a reason for a photo the site does not hold, or a checkpoint it does not have', async () => {
			const unknownPhoto = await report(cookies.guardA, siteA, finding({ photo: 'f'.repeat(64) }));
			expect(unknownPhoto.status).toBe(400);
			expect(await unknownPhoto.json()).toEqual({ status: 'rejected', reasons: ['photo: no such photo on this site (send it to /api/sites/{site}/photos first)'] });
			// Held by another site only.
			const other = makePng(8, 8, 200);
			expect((await upload(cookies.operatorB, siteB, other)).status).toBe(201);
			const elsewhere = await report(cookies.guardA, siteA, finding({ photo: sha256(other) }));
			expect(elsewhere.status).toBe(400);
			expect((await elsewhere.json()).reasons).toEqual([expect.stringMatching(/^photo: no such photo/)]);
			const unknownCheckpoint = await report(cookies.guardA, siteA, finding({ checkpoint: 'CP-404' }));
			expect(unknownCheckpoint.status).toBe(400);
			expect(await unknownCheckpoint.json()).toEqual({ status: 'rejected', reasons: ['checkpoint: no such checkpoint on this site'] });
			const badBody = await report(cookies.guardA, siteA, finding({ category: 'ghosts', photo: 'XYZ' }));
			expect(badBody.status).toBe(400);
			expect((await badBody.json()).reasons).toEqual([expect.stringMatching(/^category:/), expect.stringMatching(/^photo:/)]);
			// The guard of another site, and the control room, do not report from a phone.
			expect((await report(cookies.guardB, siteA, finding())).status).toBe(403);
			expect((await report(app.cookie, siteA, finding())).status).toBe(403);
			const refused = await app.sql`select 1 from event where stream = ${siteA} and type = 'FindingReported' and data->>'checkpoint' = 'CP-404'`;
			expect(refused).toHaveLength(0);
		});

		it('is in the state at and after its seq, and not before it (replayed from the log)', async () => {
			const before = new Date();
			const body = finding({ category: 'hazard', text: 'Loose cable across the ramp' });
			const r = await report(cookies.guardA, siteA, body);
			expect(r.status).toBe(201);
			const { seq } = await r.json();
			const state = async (query: string) => {
				const res = await app.api(`/api/sites/${siteA}/state${query}`);
				expect(res.status).toBe(200);
				return ((await res.json()) as SiteState).projections.findings as Finding[];
			};
			expect((await state(`?seq=${seq - 1}`)).map((f) => f.id)).not.toContain(body.id);
			expect((await state(`?at=${encodeURIComponent(new Date(before.getTime() - 1).toISOString())}`)).map((f) => f.id)).not.toContain(body.id);
			const now = await state('');
			expect(now.map((f) => f.id)).toContain(body.id);
			expect((await state(`?seq=${seq}`)).find((f) => f.id === body.id)).toEqual(now.find((f) => f.id === body.id));
			// A console's first paint lists the open ones, newest first.
			const snapshot = await app.sql<{ id: string }[]>`select id from finding where site = ${siteA} and status = 'open' order by reported_at desc`;
			expect(snapshot[0].id).toBe(body.id);
			expect(now.map((f) => f.id).sort()).toEqual(snapshot.map((f) => f.id).sort());
		});
	});
});
