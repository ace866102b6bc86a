import { describe, expect, it } from 'vitest';
import { judgeRobotAnswer, numberField, type RobotAnswerRules } from './robot-answer';

const rules: RobotAnswerRules = { codeOf: (a) => numberField(a, 'errcode'), prefix: 'errcode', permanent: new Set([93000]) };
const judge = (status: number, body: string) => judgeRobotAnswer({ status, body }, rules);

describe('judgeRobotAnswer', () => {
	it('is sent only on code 0 with a 2xx', () => {
		expect(judge(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
	});

	it('reads a non-zero code from a 200, retried unless permanent', () => {
		expect(judge(200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({ ok: false, retryable: true, reason: 'errcode_310000' });
		expect(judge(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({ ok: false, retryable: false, reason: 'errcode_93000' });
	});

	it('prefers the code to the status, and falls back to the status without one', () => {
		expect(judge(400, '{"errcode":310000}')).toMatchObject({ reason: 'errcode_310000', retryable: true });
		expect(judge(502, '<html>Bad gateway</html>')).toEqual({ ok: false, retryable: true, reason: 'http_502' });
		expect(judge(404, '')).toEqual({ ok: false, retryable: false, reason: 'http_404' });
	});

	it('does not take a 2xx without a code as delivered', () => {
		expect(judge(200, '<html>captive portal</html>')).toEqual({ ok: false, retryable: true, reason: 'bad_answer' });
		expect(judge(200, '{"ok":true}')).toEqual({ ok: false, retryable: true, reason: 'bad_answer' });
	});
});
