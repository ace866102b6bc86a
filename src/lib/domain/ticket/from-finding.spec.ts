import { describe, expect, it } from 'vitest';
import { FINDING_CATEGORIES } from '../guard/phone-input';
import { TICKET_CATEGORIES } from './model';
import { ticketDefaultsOfFinding } from './from-finding';

describe('a work order made of a guard’s finding', () => {
	it('takes the category its kind of problem needs, urgent for a leak or a hazard', () => {
		expect(ticketDefaultsOfFinding('leak')).toEqual({ category: 'repair_water', priority: 'urgent' });
		expect(ticketDefaultsOfFinding('hazard')).toEqual({ category: 'security', priority: 'urgent' });
		expect(ticketDefaultsOfFinding('hygiene')).toEqual({ category: 'cleaning', priority: 'normal' });
		expect(ticketDefaultsOfFinding('lighting')).toEqual({ category: 'repair_electric', priority: 'normal' });
	});

	it('has a ticket category for every kind of finding', () => {
		for (const c of FINDING_CATEGORIES) expect(TICKET_CATEGORIES).toContain(ticketDefaultsOfFinding(c).category);
	});
});
