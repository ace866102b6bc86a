import { describe, expect, it } from 'vitest';
import { checkEventData } from '../events';

describe('round events at the log’s edge', () => {
	const route = {
		route: 'R1',
		name: { 'zh-CN': '夜巡', 'zh-TW': '夜巡', en: 'Night round' },
		mode: 'strict',
		stops: [{ checkpoint: 'CP-1', legMinutes: 0, toleranceMinutes: 5 }]
	};
	it('accepts a route and the three kinds of schedule rule', () => {
		expect(checkEventData('RouteDefined', route)).toBeNull();
		for (const rule of [
			{ kind: 'every', minutes: 120, from: '20:00', to: '06:00' },
			{ kind: 'daily', times: ['08:00'] },
			{ kind: 'once', at: '2026-11-24T10:00:00+08:00' }
		])
			expect(checkEventData('ScheduleDefined', { schedule: 'S1', route: 'R1', rule, guard: null })).toBeNull();
	});
	it('refuses a route without stops or names, local times out of range, and a skip without a reason', () => {
		expect(checkEventData('RouteDefined', { ...route, stops: [] })).not.toBeNull();
		expect(checkEventData('RouteDefined', { ...route, name: { en: 'x' } })).not.toBeNull();
		expect(checkEventData('ScheduleDefined', { schedule: 'S1', route: 'R1', rule: { kind: 'every', minutes: 60, from: '24:00', to: '06:00' }, guard: null })).not.toBeNull();
		expect(checkEventData('ScheduleDefined', { schedule: 'S1', route: 'R1', rule: { kind: 'daily', times: ['8:00'] }, guard: null })).not.toBeNull();
		expect(checkEventData('CheckpointSkipped', { round: 'r1', checkpoint: 'CP-1', reason: '   ' })).not.toBeNull();
		expect(checkEventData('CheckpointSkipped', { round: 'r1', checkpoint: 'CP-1', reason: 'gate locked' })).toBeNull();
	});
});
