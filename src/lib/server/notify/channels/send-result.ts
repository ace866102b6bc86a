/**
 * What a send came to. `reason` is a short code for the log, the metrics and the admin page
 * (`http_500`, `errcode_310000`, `timeout`, `refused`, …), never an exception's message: the
 * receiver's own words stay out of it. `retryable` tells the delivery worker whether the same
 * delivery may succeed later (a failing server, a rate limit, a dropped line) or will fail the same
 * way until someone changes the channel (a bad URL, token or password, a message refused as such).
 */
export type SendResult = { ok: true } | { ok: false; retryable: boolean; reason: string };

export interface SendOptions {
	/**
	 * Wall-clock time of the attempt. Robots check their signature's timestamp against their own
	 * clock (Feishu within an hour), so pass the real time, not a test clock moved ahead.
	 */
	now: Date;
	/** Upper bound of the whole attempt: connecting, sending and reading the answer. */
	timeoutMs: number;
	/** For tests; the global fetch otherwise. */
	fetch?: typeof fetch;
}

export const SENT: SendResult = { ok: true };

export function failed(reason: string, retryable: boolean): SendResult {
	return { ok: false, retryable, reason };
}
