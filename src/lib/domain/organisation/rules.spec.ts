import { describe, expect, it } from 'vitest';
import { EMPTY_ORGANISATION, organisationSchema, peopleAt, routeByZone, type Organisation } from './model';
import { listOrganisationProblems, problemOfIssue } from './rules';

const name = (en: string) => ({ 'zh-CN': en, 'zh-TW': en, en });
const org: Organisation = {
	...EMPTY_ORGANISATION,
	departments: [
		{ id: 'security', kind: 'security', name: name('Security'), supervisor: 'sup', members: ['g1', 'g2'] },
		{ id: 'cleaning', kind: 'cleaning', name: name('Cleaning'), supervisor: null, members: ['c1'] }
	],
	manager: 'boss',
	serviceCentre: ['hq1'],
	stewards: [
		{ zone: 'Z1', user: 'g1', department: 'security' },
		{ zone: 'Z2', user: 'sup', department: 'security' }
	]
};
const site = { users: new Set(['sup', 'g1', 'g2', 'c1', 'boss', 'hq1']), zones: new Set(['Z1', 'Z2', 'Z3']) };

describe('organisation problems', () => {
	it('accepts an organisation of the site’s people and zones; a supervisor may steward for their department', () => {
		expect(listOrganisationProblems(org, site)).toEqual([]);
	});

	it('names each person who is not one of the site’s, each unknown zone and each steward outside their department, on its field', () => {
		const wrong: Organisation = {
			...org,
			departments: [{ ...org.departments[0], supervisor: 'gone', members: ['g1', 'g1', 'ghost'] }, org.departments[1]],
			manager: 'nobody',
			serviceCentre: ['hq1', 'hq1'],
			stewards: [
				{ zone: 'Z9', user: 'g1', department: 'security' },
				{ zone: 'Z2', user: 'c1', department: 'security' },
				{ zone: 'Z3', user: 'who', department: 'cleaning' }
			],
			workingHours: { start: '09:00', end: '09:00', days: [1, 1] }
		};
		expect(listOrganisationProblems(wrong, site)).toEqual([
			{ field: 'departments.0.supervisor', code: 'unknown_user' },
			{ field: 'departments.0.members.2', code: 'unknown_user' },
			{ field: 'departments.0.members', code: 'duplicate' },
			{ field: 'manager', code: 'unknown_user' },
			{ field: 'serviceCentre', code: 'duplicate' },
			{ field: 'stewards.0.zone', code: 'unknown_zone' },
			{ field: 'stewards.1.user', code: 'not_a_member' },
			{ field: 'stewards.2.user', code: 'unknown_user' },
			{ field: 'workingHours.end', code: 'empty_hours' },
			{ field: 'workingHours.days', code: 'duplicate' }
		]);
	});

	it('words schema issues as codes on their fields', () => {
		const parsed = organisationSchema.safeParse({
			...org,
			departments: [
				{ ...org.departments[0], name: { ...name('x'), en: '' } },
				{ ...org.departments[0], id: 'Security!', name: name('y'.repeat(61)) },
				{ ...org.departments[1], id: 'security' }
			],
			stewards: [{ zone: 'Z1', user: 'g1', department: 'greenery' }],
			workingHours: { start: '8:00', end: '18:00', days: [] }
		});
		expect(parsed.success).toBe(false);
		const problems = parsed.error!.issues.map(problemOfIssue);
		expect(problems).toEqual(
			expect.arrayContaining([
				{ field: 'departments.0.name.en', code: 'required' },
				{ field: 'departments.1.id', code: 'invalid' },
				{ field: 'departments.1.name.en', code: 'too_long' },
				{ field: 'workingHours.start', code: 'invalid' },
				{ field: 'workingHours.days', code: 'required' }
			])
		);
	});

	it('routes a zone to its steward and escalates along the chain (the shared model)', () => {
		expect(routeByZone(org, 'Z2')).toEqual({ department: 'security', steward: 'sup' });
		expect(routeByZone(org, 'Z3')).toBeNull();
		expect(peopleAt(org, 'supervisor', { department: 'cleaning', assignee: 'c1' })).toEqual([]);
		expect(peopleAt(org, 'service_centre', { department: null, assignee: null })).toEqual(['hq1']);
	});
});
