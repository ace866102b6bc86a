import { afterEach, describe, expect, it } from 'vitest';
import type { UnnumberedEnvelope } from '$lib/domain/events';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';
import { describeClockSkew, describeEvent, type EventNames } from './event-text';

describe('describeClockSkew', () => {
	const MINUTE = 60_000;
	const DAY = 24 * 60 * MINUTE;
	it.each([
		[-10 * MINUTE, 'Device clock 10 min behind'],
		[3 * 60 * MINUTE, 'Device clock 3 h ahead'],
		[-60 * DAY, 'Device clock 60 days behind'],
		// A clock that reads 1970 after its battery died, seen in 2026.
		[Date.parse('1970-01-01T00:00:10Z') - Date.parse('2026-05-01T00:00:00Z'), 'Device clock 56 years behind'],
		[Date.parse('2099-01-01T00:00:00Z') - Date.parse('2026-05-01T00:00:00Z'), 'Device clock 73 years ahead']
	])('says %d ms in the largest unit that reads well', (skew, text) => {
		expect(describeClockSkew(skew, 'en')).toBe(text);
	});

	it('speaks the reader\'s language', () => {
		expect(describeClockSkew(-60 * DAY, 'zh-CN')).toBe('设备时钟慢 60 天');
		expect(describeClockSkew(Date.parse('1970-01-01T00:00:10Z') - Date.parse('2026-05-01T00:00:00Z'), 'zh-TW')).toBe('設備時鐘慢 56 年');
	});
});

describe('describeEvent: patrol rounds', () => {
	const reading = (locale: Locale) => overwriteGetLocale(() => locale);
	afterEach(() => reading('zh-CN'));

	const event = (type: string, data: object) =>
		({ site: 's1', type, id: null, source: { kind: 'system', id: 'scheduler' }, at: '2026-11-24T10:00:00.000Z', receivedAt: '2026-11-24T10:00:00.000Z', data }) as unknown as UnnumberedEnvelope;
	const names: EventNames = {
		guard: (_, id) => ({ G1: 'Zhang Wei' })[id],
		checkpoint: (_, id) => ({ A: 'East gate', B: 'Car park B2' })[id],
		route: (_, id) => ({ R1: 'Night round' })[id],
		round: (_, id) => ({ 'S1@10': 'Night round 10:00' })[id],
		time: (_, iso) => `${iso.slice(11, 16)} site time`
	};
	const name = { 'zh-CN': '夜巡', 'zh-TW': '夜巡', en: 'Night round' };
	const round = 'S1@10';

	it.each([
		['RouteDefined', { route: 'R1', name, mode: 'strict', stops: [{}, {}, {}] }, 'Patrol route Night round set (3 checkpoints)'],
		['RouteRemoved', { route: 'R1' }, 'Patrol route Night round removed'],
		['ScheduleDefined', { schedule: 'S1', route: 'R1', rule: { kind: 'daily', times: ['22:00'] }, guard: null }, 'Patrol schedule S1 set for route Night round'],
		['ScheduleRemoved', { schedule: 'S1' }, 'Patrol schedule S1 removed'],
		['RoundScheduled', { round, route: 'R1', plannedStart: '2026-11-24T14:00:00.000Z' }, 'Round of Night round planned for 14:00 site time'],
		['RoundClaimed', { round, guard: 'G1' }, 'Zhang Wei took the round Night round 10:00'],
		['CheckpointSkipped', { round, checkpoint: 'B', reason: 'flooded' }, 'Car park B2 skipped on round Night round 10:00: flooded'],
		['RoundWindowClosed', { round, route: 'R1', checkpoint: 'A', guard: null }, 'East gate missed on round Night round 10:00'],
		['GuardSilenceNoted', { round, route: 'R1', guard: 'G1', since: '2026-11-24T09:40:00.000Z' }, 'Zhang Wei not heard from since 09:40 site time on round Night round 10:00'],
		['MissedCheckpointScanned', { round, route: 'R1', checkpoint: 'A', guard: 'G1', state: 'late', scannedAt: '2026-11-24T10:20:00.000Z' }, 'East gate on round Night round 10:00 scanned after being missed (Late)'],
		['MissedCheckpointScanned', { round, route: 'R1', checkpoint: 'A', guard: 'G1', state: 'on_time', scannedAt: '2026-11-24T10:02:00.000Z' }, 'East gate on round Night round 10:00 scanned after being missed (made on time, uploaded late)'],
		['GuardContactResumed', { round, route: 'R1', guard: 'G1', at: '2026-11-24T10:05:00.000Z' }, 'Zhang Wei heard from again on round Night round 10:00']
	])('%s reads as a line with the names', (type, data, line) => {
		reading('en');
		expect(describeEvent(event(type, data), names)).toBe(line);
	});

	it('shows ids without names, in the reader\'s language', () => {
		reading('zh-CN');
		expect(describeEvent(event('RoundWindowClosed', { round: 'r9', route: 'R2', checkpoint: 'X', guard: null }))).toBe('巡更 r9 漏巡 X');
		expect(describeEvent(event('RouteDefined', { route: 'R1', name, mode: 'strict', stops: [{}] }))).toBe('巡更路线 夜巡 已设定（1 个巡更点）');
		// Without the site's clock, the browser's.
		const hhmm = new Date('2026-11-24T14:00:00.000Z').toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' });
		expect(describeEvent(event('RoundScheduled', { round: 'r9', route: 'R2', plannedStart: '2026-11-24T14:00:00.000Z' }))).toBe(`R2 巡更已排定，${hhmm} 开始`);
	});
});

describe('describeEvent: findings', () => {
	const reading = (locale: Locale) => overwriteGetLocale(() => locale);
	afterEach(() => reading('zh-CN'));
	const reported = (data: object) =>
		({
			site: 's1',
			type: 'FindingReported',
			id: 'f-1',
			source: { kind: 'user', id: 'u-1' },
			at: '2026-11-24T10:00:00.000Z',
			receivedAt: '2026-11-24T10:00:00.000Z',
			data: { finding: 'f-1', guard: 'G1', checkpoint: 'A', category: 'leak', text: 'Water under the door', photo: null, sentAt: '2026-11-24T10:00:00.000Z', ...data }
		}) as unknown as UnnumberedEnvelope;
	const names: EventNames = { guard: (_, id) => ({ G1: 'Zhang Wei' })[id], checkpoint: (_, id) => ({ A: 'Pump room' })[id] };

	it('names the guard, the checkpoint, the category and the words', () => {
		reading('en');
		expect(describeEvent(reported({}), names)).toBe('Zhang Wei reported a finding at Pump room (Leak): Water under the door');
		expect(describeEvent(reported({ checkpoint: null, category: 'lighting', text: '' }), names)).toBe('Zhang Wei reported a finding (Lighting fault): (no words)');
		reading('zh-CN');
		expect(describeEvent(reported({}), names)).toBe('Zhang Wei 在 Pump room 上报问题（漏水）：Water under the door');
		reading('zh-TW');
		expect(describeEvent(reported({ category: 'hazard' }))).toBe('G1 在 A 回報問題（安全隱患）：Water under the door');
	});

	it('shows a category it does not know by its code', () => {
		reading('en');
		expect(describeEvent(reported({ category: 'graffiti' }), names)).toBe('Zhang Wei reported a finding at Pump room (graffiti): Water under the door');
	});
});
