import { describe, expect, it } from 'vitest';
import type { SitePlan } from '$lib/domain/site/model';
import { describeLastSeen, formatMetres } from './nearest-guards-text';

const plan: SitePlan = {
	type: 'FeatureCollection',
	features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { kind: 'checkpoint', id: 'CP-1', name: { 'zh-CN': '东门', 'zh-TW': '東門', en: 'East Gate' } } }]
};
const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const seen = (at: string, checkpoint = 'CP-1') => ({ id: 'G1', site: 's1', seq: 1, checkpoint, guard: 'G1', device: 'HH', at });

describe('describeLastSeen', () => {
	it('counts whole minutes, and a clock ahead of ours as none', () => {
		expect(describeLastSeen(plan, seen('2026-11-24T09:52:01.000Z'), NOW, 'en')).toBe('seen 7 min ago at East Gate');
		expect(describeLastSeen(plan, seen('2026-11-24T10:03:00.000Z'), NOW, 'zh-CN')).toBe('0 分钟前在 东门 打卡');
	});
	it('names an unknown checkpoint by its id, and a guard never seen as such', () => {
		expect(describeLastSeen(plan, seen('2026-11-24T09:00:00.000Z', 'CP-9'), NOW, 'zh-TW')).toBe('60 分鐘前在 CP-9 打點');
		expect(describeLastSeen(plan, null, NOW, 'en')).toBe('not seen yet');
	});
});

describe('formatMetres', () => {
	it('rounds to the metre with the locale’s grouping', () => {
		expect(formatMetres(1234.4, 'en')).toBe('1,234 m');
		expect(formatMetres(82.6, 'zh-TW')).toBe('83 公尺');
	});
});
