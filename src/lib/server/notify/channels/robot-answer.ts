import { judgeStatus, parseAnswer, type HttpAnswer } from './http-post';
import { failed, type SendResult } from './send-result';

export interface RobotAnswerRules {
	/** The answer's result code: 0 is success. Null when the answer carries none. */
	codeOf(answer: Record<string, unknown>): number | null;
	/** Prefix of the failure reason: `errcode_310000`, `code_19021`. */
	prefix: string;
	/** Codes that will fail the same way until the channel is changed: not retried. */
	permanent: ReadonlySet<number>;
}

/**
 * A robot's answer as a result. The robots answer HTTP 200 with a non-zero code on failure (and
 * sometimes a 4xx with a code), so the code decides when there is one; otherwise the status does.
 * A 2xx without a readable code is `bad_answer`, retried: something other than the robot answered
 * (a proxy's page), and the message must not be taken as delivered.
 */
export function judgeRobotAnswer(answer: HttpAnswer, rules: RobotAnswerRules): SendResult {
	const json = parseAnswer(answer.body);
	const code = json === null ? null : rules.codeOf(json);
	if (code !== null && code !== 0) return failed(`${rules.prefix}_${code}`, !rules.permanent.has(code));
	const byStatus = judgeStatus(answer.status);
	if (!byStatus.ok || code === 0) return byStatus;
	return failed('bad_answer', true);
}

/** A numeric field of the answer, or null. */
export function numberField(answer: Record<string, unknown>, field: string): number | null {
	const v = answer[field];
	return typeof v === 'number' && Number.isInteger(v) ? v : null;
}
