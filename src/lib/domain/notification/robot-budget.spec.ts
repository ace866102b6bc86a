import { describe, expect, it } from 'vitest';
import { RobotBudget } from './robot-budget';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

describe('RobotBudget', () => {
	it('lets 20 through in a minute, then waits until the oldest leaves the window', () => {
		const budget = RobotBudget.forRobot('wecom');
		for (let i = 0; i < 20; i++) {
			expect(budget.canSend(at(i * 1000))).toBe(true);
			budget.record(at(i * 1000));
		}
		expect(budget.canSend(at(19_500))).toBe(false);
		expect(budget.nextFreeAt(at(19_500))).toEqual(at(60_000));
		expect(budget.canSend(at(59_999))).toBe(false);
		expect(budget.canSend(at(60_000))).toBe(true);
		budget.record(at(60_000));
		// The second send (at 1 s) is the next to leave.
		expect(budget.nextFreeAt(at(60_000))).toEqual(at(61_000));
	});

	it('answers now when there is room', () => {
		const budget = RobotBudget.forRobot('dingtalk');
		expect(budget.nextFreeAt(at(0))).toEqual(at(0));
		budget.record(at(0));
		expect(budget.nextFreeAt(at(5))).toEqual(at(5));
	});

	it('holds Feishu to 5 a second as well as 100 a minute', () => {
		const budget = RobotBudget.forRobot('feishu');
		for (let i = 0; i < 5; i++) budget.record(at(i * 10));
		expect(budget.canSend(at(50))).toBe(false);
		expect(budget.nextFreeAt(at(50))).toEqual(at(1000));
		// 100 sends spread over 40 s: the per-second limit is never hit, the per-minute one is.
		const spread = RobotBudget.forRobot('feishu');
		for (let i = 0; i < 100; i++) spread.record(at(i * 400));
		expect(spread.canSend(at(40_000))).toBe(false);
		expect(spread.nextFreeAt(at(40_000))).toEqual(at(60_000));
	});

	it('counts a send recorded over budget, and forgets sends older than every window', () => {
		const budget = new RobotBudget([{ max: 2, windowMs: 1000 }]);
		budget.record(at(0));
		budget.record(at(500));
		budget.record(at(600));
		// Without the third, the window would have room at 1000 already.
		expect(budget.nextFreeAt(at(700))).toEqual(at(1500));
		expect(budget.canSend(at(1499))).toBe(false);
		expect(budget.canSend(at(1500))).toBe(true);
		expect(budget.canSend(at(10_000))).toBe(true);
	});

	it('takes sends recorded out of order', () => {
		const budget = new RobotBudget([{ max: 2, windowMs: 1000 }]);
		budget.record(at(500));
		budget.record(at(100));
		expect(budget.nextFreeAt(at(600))).toEqual(at(1100));
	});

	it('refuses a limit that could never be met', () => {
		expect(() => new RobotBudget([])).toThrow(RangeError);
		expect(() => new RobotBudget([{ max: 0, windowMs: 1000 }])).toThrow(RangeError);
		expect(() => new RobotBudget([{ max: 1, windowMs: 0 }])).toThrow(RangeError);
	});
});
