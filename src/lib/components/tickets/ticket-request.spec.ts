import { describe, expect, it } from 'vitest';
import { refusalOfAnswer, textOrNull } from './ticket-request';

describe('a ticket request’s refusal', () => {
	it('is the API’s reason when it names one the pages word', () => {
		expect(refusalOfAnswer(409, { message: 'refused: wrong status', reason: 'wrong_status' })).toBe('wrong_status');
		expect(refusalOfAnswer(409, { reason: 'follow_up_required' })).toBe('follow_up_required');
		expect(refusalOfAnswer(400, { reason: 'unknown_assignee' })).toBe('unknown_assignee');
		expect(refusalOfAnswer(409, { reason: 'origin_ticketed' })).toBe('origin_ticketed');
	});

	it('else follows the status', () => {
		expect(refusalOfAnswer(403, { reason: 'something_new' })).toBe('forbidden');
		expect(refusalOfAnswer(401, null)).toBe('forbidden');
		expect(refusalOfAnswer(404, { message: 'no such ticket' })).toBe('not_found');
		expect(refusalOfAnswer(400, 'not json')).toBe('invalid');
		expect(refusalOfAnswer(503, null)).toBe('failed');
	});

	it('sends typed text trimmed, and nothing for blanks', () => {
		expect(textOrNull('  valve replaced \n')).toBe('valve replaced');
		expect(textOrNull('   ')).toBeNull();
	});
});
