import { describe, expect, it } from 'vitest';
import { createPatrolNames, describePatrolPlace } from './patrol-names';
import type { PatrolRoute } from '$lib/domain/patrol/plans';
import type { Round } from '$lib/domain/patrol/round';

const name = (zh: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': zh, en });
const sources = {
	plans: [{ kind: 'route', route: 'R1', name: name('夜间巡逻', 'Night patrol') } as PatrolRoute],
	rounds: [{ kind: 'round', id: 'S1@x', route: 'R1', plannedStart: '2026-11-24T14:00:00.000Z' } as Round],
	guards: { G1: name('王建国', 'Wang Jianguo') },
	checkpoints: new Map([['A', name('南门', 'South gate')]]),
	timeZone: 'Asia/Shanghai'
};

describe('createPatrolNames', () => {
	it('names routes, guards, checkpoints and rounds (by route and planned start on the site\'s clock), ids when unknown', () => {
		const names = createPatrolNames(sources, 'en');
		expect([names.route('R1'), names.guard('G1'), names.checkpoint('A'), names.round('S1@x')]).toEqual(['Night patrol', 'Wang Jianguo', 'South gate', 'Night patrol 22:00']);
		expect([names.route('R9'), names.guard('G9'), names.checkpoint('Z'), names.round('S9@y')]).toEqual(['R9', 'G9', 'Z', 'S9@y']);
		expect(names.time('2026-11-24T16:05:00.000Z')).toBe('00:05');
	});

	it('says where a patrol incident is: its round and guard', () => {
		const names = createPatrolNames(sources, 'zh-CN');
		expect(describePatrolPlace({ round: 'S1@x', guard: 'G1' }, names)).toBe('夜间巡逻 22:00 · 王建国');
		expect(describePatrolPlace({ round: 'S1@x', guard: null }, names)).toBe('夜间巡逻 22:00');
		expect(describePatrolPlace({ round: 'S1@x', guard: null }, undefined)).toBeUndefined();
	});
});
