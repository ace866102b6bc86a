import { describe, expect, it } from 'vitest';
import { EMPTY_ORGANISATION, type Organisation } from './model';
import { newDepartment, newSteward, renameDepartment, toggle } from './draft';

const name = { 'zh-CN': '秩序维护部', 'zh-TW': '秩序維護部', en: 'Security' };

describe('organisation edits', () => {
	it('names a new department after its kind, numbering a kind that is taken', () => {
		const first = newDepartment([], 'security', name);
		expect(first).toEqual({ id: 'security', kind: 'security', name, supervisor: null, members: [] });
		expect(newDepartment([first, { ...first, id: 'security-2' }], 'security', name).id).toBe('security-3');
	});

	it('takes the stewards along when a department is renamed to a free, well-formed id', () => {
		const org: Organisation = {
			...EMPTY_ORGANISATION,
			departments: [newDepartment([], 'security', name), newDepartment([], 'cleaning', name)],
			stewards: [
				{ zone: 'Z1', user: 'u1', department: 'security' },
				{ zone: 'Z2', user: 'u2', department: 'cleaning' }
			]
		};
		const renamed = renameDepartment(org, 0, 'guards');
		expect(renamed.departments.map((d) => d.id)).toEqual(['guards', 'cleaning']);
		expect(renamed.stewards.map((s) => s.department)).toEqual(['guards', 'cleaning']);
		// Half-typed or taken: the stewards wait for an id they can follow.
		expect(renameDepartment(org, 0, 'Gu').stewards[0].department).toBe('security');
		expect(renameDepartment(org, 0, 'cleaning').stewards[0].department).toBe('security');
		expect(renameDepartment(org, 5, 'x')).toBe(org);
	});

	it('starts a steward row on the first zone nobody stewards', () => {
		const org: Organisation = { ...EMPTY_ORGANISATION, departments: [newDepartment([], 'security', name)], stewards: [{ zone: 'A', user: 'u', department: 'security' }] };
		expect(newSteward(org, ['A', 'B'])).toEqual({ zone: 'B', user: '', department: 'security' });
		expect(newSteward(EMPTY_ORGANISATION, [])).toEqual({ zone: '', user: '', department: '' });
		expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
		expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
	});
});
