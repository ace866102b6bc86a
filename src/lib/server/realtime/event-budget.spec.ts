import { describe, expect, it } from 'vitest';
import { EventBudget } from './event-budget';

describe('EventBudget', () => {
	it('serves a burst, refuses beyond it, and refills with time', () => {
		const budget = new EventBudget({ burst: 3, perSecond: 2 }, 0);
		expect([budget.take(0), budget.take(0), budget.take(0)]).toEqual(['ok', 'ok', 'ok']);
		expect(budget.take(0)).toBe('refused');
		// One refusal is a debt of one: half a second (one token) pays it, a second more earns two.
		expect(budget.take(500)).toBe('refused');
		expect(budget.take(2000)).toBe('ok');
	});

	it('calls a socket that keeps sending while refused a flood', () => {
		const budget = new EventBudget({ burst: 3, perSecond: 1 }, 0);
		const verdicts = Array.from({ length: 8 }, () => budget.take(0));
		expect(verdicts).toEqual(['ok', 'ok', 'ok', 'refused', 'refused', 'flooding', 'flooding', 'flooding']);
	});

	it('never saves up more than the burst', () => {
		const budget = new EventBudget({ burst: 2, perSecond: 100 }, 0);
		expect([budget.take(60_000), budget.take(60_000), budget.take(60_000)]).toEqual(['ok', 'ok', 'refused']);
	});
});
