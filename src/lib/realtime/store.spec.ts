import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '$lib/domain/events';
import { keptRows, type SiteContext } from '$lib/domain/projection';
import { SITE_PROJECTIONS } from '$lib/domain/projections';
import { countsOn, dayOf, type DailyCounts } from '$lib/domain/site/daily-counts';
import { makeRepresentativeLog } from '../../../tests/fixtures/site-log';
import type { SiteProjectionsPayload } from './contract';
import { ProjectionStore } from './store.svelte';

const SITE = 'estate-1';
const ctx: SiteContext = { timeZone: 'Asia/Shanghai' };
const byId = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The server's live path as its projections run it: each batch evolves every projection's table
 * rows, and what changed is sent by id; a changed row the console no longer holds (`keep`: a
 * closed incident) is sent as a removal. Count days are never removed by the server.
 */
function serverPackets(site: string, batches: EventEnvelope[][]): SiteProjectionsPayload[] {
	const states = new Map(SITE_PROJECTIONS.map((p) => [p.name, p.restore([])]));
	return batches.map((batch) => {
		const before = new Map(SITE_PROJECTIONS.map((p) => [p.name, new Map(p.rows(states.get(p.name)).map((r) => [r.id, r]))]));
		for (const e of batch) for (const p of SITE_PROJECTIONS) p.evolve(states.get(p.name), e, ctx);
		const updates: SiteProjectionsPayload['updates'] = {};
		for (const p of SITE_PROJECTIONS) {
			const state = states.get(p.name);
			const was = before.get(p.name)!;
			const kept = new Set(keptRows(p, state).map((r) => r.id));
			const after = p.rows(state);
			const changed = after.filter((r) => was.get(r.id) !== r);
			const gone = [...was.keys()].filter((id) => !after.some((r) => r.id === id));
			updates[p.name] = { upsert: changed.filter((r) => kept.has(r.id)), remove: [...gone, ...changed.filter((r) => !kept.has(r.id)).map((r) => r.id)] };
		}
		return { site, seq: batch.at(-1)!.seq, updates };
	});
}

describe('the projection store', () => {
	it('holds the same rows driven by events through the domain rules as by the server packets, batch after batch', () => {
		const log = makeRepresentativeLog(SITE);
		const packets = serverPackets(SITE, log.batches);
		const live = new ProjectionStore();
		live.load(SITE, 0, {});
		const folded = new ProjectionStore();
		folded.restore(SITE, { seq: 0, plan: null, projections: {} }, ctx.timeZone);
		let day = dayOf(log.events[0].receivedAt, ctx.timeZone);
		log.batches.forEach((batch, n) => {
			const at = new Date(batch.at(-1)!.receivedAt);
			// A live console turns its views over at the site's midnight, before the new day's first packet.
			if (dayOf(at, ctx.timeZone) !== day) live.refreshViews(SITE, at, ctx);
			day = dayOf(at, ctx.timeZone);
			live.apply(packets[n]);
			folded.evolve(SITE, batch, at);
			for (const p of SITE_PROJECTIONS) expect(byId(live.siteRows(p.name, SITE)), `${p.name} after seq ${batch.at(-1)!.seq}`).toEqual(byId(folded.siteRows(p.name, SITE)));
		});
		expect(folded.seqOf(SITE)).toBe(25);

		// What the sequence comes to: not a pair of equally empty stores.
		expect(byId(folded.siteRows('incidents', SITE)).map((i) => [i.id, i.status, i.severity, i.count])).toEqual([
			[`${SITE}:13`, 'new', 'major', 2],
			[`${SITE}:19`, 'acknowledged', 'minor', 1],
			[`${SITE}:6`, 'new', 'critical', 2]
		]);
		expect(folded.siteRows('tests', SITE)).toEqual([]);
		expect(folded.siteRows('devices', SITE)).toEqual([{ site: SITE, id: 'ELV-8', online: false }]);
		expect(byId(folded.siteRows('guards', SITE)).map((g) => [g.id, g.checkpoint, g.seq])).toEqual([
			['g1', 'CP-1', 20],
			['g2', 'CP-2', 24]
		]);
		expect(folded.siteRows('scans', SITE).map((s) => s.seq).sort((a, b) => b - a)).toEqual([24, 20, 18]);
		expect(byId(folded.siteRows('counts', SITE)).map((d) => [d.day, d.counts])).toEqual([
			['2026-03-10', { CheckpointScanned: 1, DeviceWentOffline: 1, IncidentAcknowledged: 1, TestModeEnded: 1 }],
			['2026-03-11', { CheckpointScanned: 1, AlarmRaised: 1 }]
		]);
	});

	it('skips events already applied and stops at a hole', () => {
		const log = makeRepresentativeLog(SITE);
		const store = new ProjectionStore();
		store.restore(SITE, { seq: 0, plan: null, projections: {} }, ctx.timeZone);
		const at = new Date(log.events[4].receivedAt);
		expect(store.evolve(SITE, log.events.slice(0, 3), at)).toEqual({ seq: 3, gap: false });
		expect(store.evolve(SITE, [...log.events.slice(1, 3), log.events[4]], at)).toEqual({ seq: 3, gap: true });
		expect(store.siteRows('incidents', SITE)).toMatchObject([{ id: `${SITE}:1`, status: 'acknowledged', count: 2, sourceRestoredAt: null }]);
		expect(() => new ProjectionStore().evolve(SITE, log.events, at)).toThrow(/not restored/);
	});

	it('keeps the rows of a projection it does not know, live', () => {
		const store = new ProjectionStore();
		store.load(SITE, 4, { alarmsPerPoint: [{ id: 'p1' }] });
		store.apply({ site: SITE, seq: 4, updates: { alarmsPerPoint: { upsert: [{ id: 'stale' }], remove: [] } } });
		store.apply({ site: SITE, seq: 5, updates: { alarmsPerPoint: { upsert: [{ id: 'p2' }], remove: ['p1'] } } });
		expect(store.siteRows('alarmsPerPoint', SITE)).toEqual([{ id: 'p2' }]);
		store.refreshViews(SITE, new Date(), ctx);
		expect(store.siteRows('alarmsPerPoint', SITE)).toEqual([{ id: 'p2' }]);
	});
});

describe('the counters at the site\'s midnight', () => {
	const day = (d: string, counts: DailyCounts['counts']): DailyCounts => ({ id: d, site: SITE, day: d, counts });
	const rows = [day('2026-03-08', { AlarmRaised: 4 }), day('2026-03-09', { AlarmRaised: 2, CheckpointScanned: 7 })];
	const lastSecond = new Date('2026-03-09T15:59:59.999Z'); // 23:59:59.999 on the 9th in Shanghai
	const midnight = new Date('2026-03-09T16:00:00.000Z');

	it('switch to the new day at midnight in the site\'s time zone, with no event', () => {
		expect(countsOn(rows, lastSecond, ctx.timeZone)).toEqual({ AlarmRaised: 2, CheckpointScanned: 7 });
		expect(countsOn(rows, midnight, ctx.timeZone)).toEqual({});
		// The same instant is still the 9th in Paris.
		expect(countsOn(rows, midnight, 'Europe/Paris')).toEqual({ AlarmRaised: 2, CheckpointScanned: 7 });
	});

	it('drop the rows older than yesterday from a live store, and leave the other projections as they were', () => {
		const store = new ProjectionStore();
		const incident = { id: `${SITE}:1`, site: SITE, status: 'new' };
		store.load(SITE, 9, { counts: rows, incidents: [incident] });
		store.refreshViews(SITE, lastSecond, ctx);
		expect(store.siteRows('counts', SITE).map((d) => d.day)).toEqual(['2026-03-08', '2026-03-09']);
		store.refreshViews(SITE, midnight, ctx);
		expect(store.siteRows('counts', SITE)).toEqual([rows[1]]);
		expect(store.siteRows('incidents', SITE)[0]).toBe(incident);
	});
});
