import type { FindingCategory } from '../guard/phone-input';
import type { TicketCategory, TicketPriority } from './model';

/**
 * What a work order made of a guard's finding starts as: the category its kind of problem
 * usually needs, urgent for a leak or a hazard. Pure.
 */
const CATEGORY_OF: Record<FindingCategory, TicketCategory> = {
	damage: 'repair_other',
	leak: 'repair_water',
	lighting: 'repair_electric',
	obstruction: 'security',
	hazard: 'security',
	hygiene: 'cleaning',
	security: 'security',
	other: 'other'
};

export function ticketDefaultsOfFinding(category: FindingCategory): { category: TicketCategory; priority: TicketPriority } {
	return { category: CATEGORY_OF[category] ?? 'other', priority: category === 'leak' || category === 'hazard' ? 'urgent' : 'normal' };
}
