import { describe, expect, it } from 'vitest';
import { checkEventData } from '../events';
import { residentName, residentNote, residentPhone, revealReason } from './model';
import { toResidentView } from './view';

describe('resident input', () => {
	it('takes phone numbers of digits, +, - and spaces, 3 to 20 characters', () => {
		for (const ok of ['13812345678', '021-12345678', '+86 138 1234 5678', '110', ' 95588 ']) expect(residentPhone.safeParse(ok).success, ok).toBe(true);
		for (const bad of ['12', '1-2', 'call me', '138123456789012345678', '+86(21)12345678', '--- ']) expect(residentPhone.safeParse(bad).success, bad).toBe(false);
		expect(residentPhone.parse(' 95588 ')).toBe('95588');
	});
	it('takes names of 1 to 40 characters without control characters', () => {
		expect(residentName.parse('  张三 ')).toBe('张三');
		expect(residentName.safeParse('').success).toBe(false);
		expect(residentName.safeParse('x'.repeat(41)).success).toBe(false);
		expect(residentName.safeParse('张\u0007三').success).toBe(false);
		expect(residentNote.safeParse('n'.repeat(201)).success).toBe(false);
	});
	it('keeps phone numbers out of a reveal reason, which the log keeps for good', () => {
		expect(revealReason.safeParse('calling back about complaint 12').success).toBe(true);
		expect(revealReason.safeParse('回电 138 1234 5678').success).toBe(false);
		expect(revealReason.safeParse('call 021-12345678').success).toBe(false);
		expect(revealReason.safeParse('').success).toBe(false);
	});
});

describe('resident events', () => {
	it('hold ids and field names, and refuse anything else (a name or number could not slip in)', () => {
		expect(checkEventData('ResidentContactRevealed', { resident: 'r-0123456789abcdef', field: 'phone', reason: 'call back', address: null })).toBeNull();
		expect(checkEventData('ResidentRecorded', { resident: 'r-0123456789abcdef', name: '张三' })).not.toBeNull();
		expect(checkEventData('ResidentUpdated', { resident: 'r-0123456789abcdef', fields: ['phone'], phone: '13812345678' })).not.toBeNull();
		expect(checkEventData('ResidentUpdated', { resident: 'r-0123456789abcdef', fields: [] })).not.toBeNull();
		expect(checkEventData('ResidentErased', { resident: '张三' })).not.toBeNull();
	});
});

describe('toResidentView', () => {
	const stored = {
		id: 'r-0123456789abcdef',
		site: 'A',
		unit: 'T1-1-201',
		name: '张三',
		phone: '13812345678',
		note: 'call after 6pm',
		createdAt: new Date('2026-01-01T00:00:00Z'),
		updatedAt: new Date('2026-01-02T00:00:00Z'),
		erasedAt: null
	};
	it('masks the name and number for every role, and shows the note only to the service desk', () => {
		expect(toResidentView(stored, 'operator')).toEqual({ id: stored.id, site: 'A', unit: 'T1-1-201', name: '张*', phone: '138****5678', note: 'call after 6pm', masked: true, erased: false, updatedAt: '2026-01-02T00:00:00.000Z' });
		expect(toResidentView(stored, 'admin')).toMatchObject({ name: '张*', phone: '138****5678', note: null });
	});
	it('shows an erased resident as erased, with nothing personal', () => {
		const erased = { ...stored, name: null, phone: null, note: null, erasedAt: new Date('2026-01-03T00:00:00Z') };
		expect(toResidentView(erased, 'manager')).toMatchObject({ name: '', phone: '', note: null, erased: true, unit: 'T1-1-201' });
	});
});
