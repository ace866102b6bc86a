import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '$lib/domain/events';
import { SITE_PROJECTIONS } from '$lib/domain/projections';
import { SiteReplay } from '$lib/domain/replay';
import { makeRepresentativeLog, makeSiteLog } from '../../../tests/fixtures/site-log';
import type { EventsPage, SiteState } from './contract';
import { ReplayCursor } from './replay-cursor.svelte';

const SITE = 'estate-1';
const TZ = 'Asia/Shanghai';
const name = { 'zh-CN': '一号苑', 'zh-TW': '一號苑', en: 'Estate 1' };
const byId = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The server at the HTTP boundary, over an in-memory log: `state` folds the domain projections
 * (`SiteReplay`, as the server does) over the events up to the seq asked for (or the last
 * received at or before the instant) and answers their views; `events` pages the log. Records every URL asked for.
 */
function fakeServer(events: EventEnvelope[]) {
	const requests: string[] = [];
	const down = { events: false, state: false };
	const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
	async function fetch(url: string): Promise<Response> {
		requests.push(url);
		const u = new URL(url, 'http://console.test');
		if (u.pathname === `/api/sites/${SITE}/state`) {
			if (down.state) return new Response('unavailable', { status: 503 });
			const at = u.searchParams.get('at');
			const seq = u.searchParams.has('seq')
				? Math.min(Number(u.searchParams.get('seq')), events.length)
				: at
					? events.filter((e) => e.receivedAt <= at).length
					: events.length;
			const committedAt = seq ? events[seq - 1].receivedAt : null;
			const replay = new SiteReplay(SITE, SITE_PROJECTIONS, null, TZ);
			for (const e of events.slice(0, seq)) replay.apply(e);
			return json({ site: SITE, seq, committedAt, plan: replay.plan, projections: replay.view(new Date(at ?? committedAt ?? 0)) } satisfies SiteState);
		}
		if (u.pathname === '/api/events' && u.searchParams.get('site') === SITE) {
			if (down.events) return new Response('unavailable', { status: 503 });
			const after = Number(u.searchParams.get('after'));
			const limit = Number(u.searchParams.get('limit'));
			return json({ site: SITE, head: events.length, events: events.slice(after, after + limit) } satisfies EventsPage);
		}
		return new Response('not found', { status: 404 });
	}
	return { fetch, requests, down };
}

/** Every projection's rows as a cursor shows them. */
const rowsOf = (c: ReplayCursor) => Object.fromEntries(SITE_PROJECTIONS.map((p) => [p.name, byId(c.projections.siteRows(p.name, SITE))]));

describe('the replay cursor', () => {
	const log = makeRepresentativeLog(SITE);

	it('steps forward by evolving the events after it, to the same rows as the state at the target', async () => {
		const server = fakeServer(log.events);
		const cursor = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch, 10);
		expect(await cursor.open({ seq: 0 })).toBe(true);
		expect(cursor.incidents.size).toBe(0);
		server.requests.length = 0;

		expect(await cursor.seek(25)).toBe(true);
		// Three pages of at most ten events, and no state read: the events were evolved here.
		expect(server.requests).toEqual([0, 10, 20].map((after) => `/api/events?site=${SITE}&after=${after}&limit=${Math.min(10, 25 - after)}`));
		const opened = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		await opened.open({ seq: 25 });
		expect(rowsOf(cursor)).toEqual(rowsOf(opened));
		expect([...cursor.incidents.keys()].sort()).toEqual([`${SITE}:13`, `${SITE}:19`, `${SITE}:6`]);
		expect(cursor.projections.siteRows('scans', SITE)).toHaveLength(3);
		expect({ seq: cursor.seq, head: cursor.head, now: new Date(cursor.now).toISOString() }).toEqual({ seq: 25, head: 25, now: log.events[24].receivedAt });
		expect(cursor.sites.get(SITE)?.head).toBe(25);
		// Today (the 11th in Shanghai) at the cursor's instant.
		expect(cursor.countsOf(cursor.sites.get(SITE)!)).toEqual({ CheckpointScanned: 1, AlarmRaised: 1 });
		expect(cursor.feed.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, n) => 25 - n));
	});

	it('steps back by loading the state at the target, then forward again from there', async () => {
		const server = fakeServer(log.events);
		const cursor = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		await cursor.open('now');
		expect(cursor.seq).toBe(25);
		server.requests.length = 0;
		expect(await cursor.seek(7)).toBe(true);
		expect(server.requests[0]).toBe(`/api/sites/${SITE}/state?seq=7`);
		const at7 = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		await at7.open({ seq: 7 });
		expect(rowsOf(cursor)).toEqual(rowsOf(at7));
		expect(cursor.incidents.get(`${SITE}:1`)?.status).toBe('resolved');
		expect(cursor.feed.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);

		expect(await cursor.step(1)).toBe(true);
		expect(cursor.seq).toBe(8);
		// The close takes the incident out of the queue, as live.
		expect(cursor.incidents.has(`${SITE}:1`)).toBe(false);
		expect(await cursor.step(-3)).toBe(true);
		expect(cursor.seq).toBe(5);
		expect(cursor.incidents.get(`${SITE}:1`)?.status).toBe('resolved');
	});

	it('opens at an instant: the last seq received by then, and the views (today\'s counts) at that instant', async () => {
		const server = fakeServer(log.events);
		const cursor = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		const midnight = new Date('2026-03-10T16:00:00.000Z'); // the 11th begins in Shanghai
		expect(await cursor.open({ at: midnight })).toBe(true);
		expect(server.requests[0]).toBe(`/api/sites/${SITE}/state?at=${encodeURIComponent(midnight.toISOString())}`);
		expect(cursor.seq).toBe(23);
		expect(cursor.now).toBe(midnight.getTime());
		expect(cursor.projections.siteRows('counts', SITE).map((d) => d.day)).toEqual(['2026-03-10']);
		expect(cursor.countsOf(cursor.sites.get(SITE)!)).toEqual({});
	});

	it('stays where it was when a read is refused, and runs moves one at a time in call order', async () => {
		const server = fakeServer(log.events);
		const cursor = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		await cursor.open({ seq: 3 });
		const before = rowsOf(cursor);
		server.down.events = true;
		expect(await cursor.seek(10)).toBe(false);
		expect(cursor.failed).toBe(true);
		expect(cursor.seq).toBe(3);
		expect(rowsOf(cursor)).toEqual(before);
		server.down.events = false;

		const moves = [cursor.seek(20), cursor.seek(4), cursor.step(2)];
		expect(await Promise.all(moves)).toEqual([true, true, true]);
		expect(cursor.seq).toBe(6);
		expect(cursor.failed).toBe(false);
		expect(cursor.busy).toBe(false);
	});

	it('follows the imports it steps over: the plan version, and the time zone the days are counted in', async () => {
		const small = makeSiteLog(SITE, '2026-03-09T15:59:50.000Z');
		small.raised();
		small.imported('Europe/Paris');
		small.scanned('g1', 'CP-1'); // 00:00:03 on the 10th in Shanghai, 17:00:03 on the 9th in Paris
		const server = fakeServer(small.events);
		const cursor = new ReplayCursor({ id: SITE, name, timeZone: TZ }, server.fetch);
		await cursor.open({ seq: 1 });
		expect(cursor.plan).toBeNull();
		expect(cursor.projections.siteRows('counts', SITE).map((d) => d.day)).toEqual(['2026-03-09']);
		server.requests.length = 0;
		expect(await cursor.seek(3)).toBe(true);
		expect(server.requests.filter((u) => u.includes('/state'))).toEqual([]);
		expect(cursor.plan).toMatchObject({ sha256: 'ab'.repeat(32), seq: 2, timeZone: 'Europe/Paris' });
		expect(cursor.sites.get(SITE)?.timeZone).toBe('Europe/Paris');
		// The scan counted on the 9th, Paris's day, with the alarm and the import.
		expect(cursor.projections.siteRows('counts', SITE).map((d) => [d.day, d.counts])).toEqual([
			['2026-03-09', { AlarmRaised: 1, SiteImported: 1, CheckpointScanned: 1 }]
		]);
	});
});
