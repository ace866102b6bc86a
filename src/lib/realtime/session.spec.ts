import { describe, expect, it } from 'vitest';
import type { DailyCounts } from '$lib/domain/site/daily-counts';
import type { SiteSnapshot } from './contract';
import { LiveSession } from './session.svelte';

const SITE = 'estate-1';
const day = (d: string, counts: DailyCounts['counts']): DailyCounts => ({ id: d, site: SITE, day: d, counts });

/** A first paint on the 9th in Shanghai: the counts of the 8th and the 9th, and one open incident. */
const snapshot: SiteSnapshot = {
	id: SITE,
	name: { 'zh-CN': '一号苑', 'zh-TW': '一號苑', en: 'Estate 1' },
	timeZone: 'Asia/Shanghai',
	head: 40,
	latest: [],
	projections: {
		counts: [day('2026-03-08', { AlarmRaised: 4 }), day('2026-03-09', { AlarmRaised: 2, CheckpointScanned: 7 })],
		incidents: [{ id: `${SITE}:3`, site: SITE, status: 'new' } as never]
	}
};

describe('the live session\'s clock', () => {
	it('turns the counters over at the site\'s midnight with no event, and drops the days before yesterday', () => {
		const live = new LiveSession([snapshot]);
		const site = live.sites.get(SITE)!;
		live.tick(Date.parse('2026-03-09T15:59:59.000Z'));
		expect(live.countsOf(site)).toEqual({ AlarmRaised: 2, CheckpointScanned: 7 });
		expect(live.projections.siteRows('counts', SITE)).toHaveLength(2);

		live.tick(Date.parse('2026-03-09T16:00:00.000Z')); // 00:00 on the 10th in Shanghai
		expect(live.countsOf(site)).toEqual({});
		expect(live.projections.siteRows('counts', SITE).map((d) => d.day)).toEqual(['2026-03-09']);
		expect(live.incidents.has(`${SITE}:3`)).toBe(true);

		// The new day's first packet counts from zero.
		live.projections.apply({ site: SITE, seq: 41, updates: { counts: { upsert: [day('2026-03-10', { AlarmRaised: 1 })], remove: [] } } });
		expect(live.countsOf(site)).toEqual({ AlarmRaised: 1 });
		live.tick(Date.parse('2026-03-10T16:00:00.000Z'));
		expect(live.projections.siteRows('counts', SITE).map((d) => d.day)).toEqual(['2026-03-10']);
	});
});
