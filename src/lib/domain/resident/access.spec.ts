import { describe, expect, it } from 'vitest';
import { ROLES } from '../access';
import { getResidentRights, isOfSite, RESIDENT_CONTACT_ROLES } from './access';

describe('getResidentRights', () => {
	it('lets the service desk record, correct and reveal, and a manager erase', () => {
		expect(getResidentRights('operator')).toEqual({ see: true, edit: true, reveal: true, erase: false });
		expect(getResidentRights('manager')).toEqual({ see: true, edit: true, reveal: true, erase: true });
	});
	it('shows administrators residents masked: no reveal, no edit, but erasure on request', () => {
		expect(getResidentRights('admin')).toEqual({ see: true, edit: false, reveal: false, erase: true });
		expect(RESIDENT_CONTACT_ROLES).not.toContain('admin');
	});
	it('shows guards and wall displays no residents at all', () => {
		for (const role of ['guard', 'wall'] as const) expect(getResidentRights(role)).toEqual({ see: false, edit: false, reveal: false, erase: false });
	});
	it('gives no right to a role that may not see residents', () => {
		for (const role of ROLES) {
			const r = getResidentRights(role);
			if (!r.see) expect(r).toEqual({ see: false, edit: false, reveal: false, erase: false });
		}
	});
});

describe('isOfSite', () => {
	it('admits administrators to every site and others to theirs', () => {
		expect(isOfSite({ role: 'admin', sites: [] }, 'A')).toBe(true);
		expect(isOfSite({ role: 'operator', sites: ['A'] }, 'A')).toBe(true);
		expect(isOfSite({ role: 'operator', sites: ['A'] }, 'B')).toBe(false);
	});
});
