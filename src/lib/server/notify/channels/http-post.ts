import { failed, type SendOptions, type SendResult } from './send-result';

/** Largest answer read from a receiver; robots answer a few dozen bytes. */
const ANSWER_MAX_BYTES = 64 * 1024;

export type HttpAnswer = { status: number; body: string };

/**
 * POST `body` to `url` with a timeout over the whole exchange (the answer's body included).
 * Redirects are not followed: a signed request goes where it was configured to, or fails.
 * Returns the answer, or a failure: `timeout`, `refused`, `dns` or `network` (all retryable).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, opts: SendOptions): Promise<HttpAnswer | SendResult> {
	const doFetch = opts.fetch ?? fetch;
	const signal = AbortSignal.timeout(opts.timeoutMs);
	try {
		const res = await doFetch(url, {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Shouwang-Notify/1', ...headers },
			redirect: 'manual',
			signal
		});
		return { status: res.status, body: await readCapped(res) };
	} catch (err) {
		return failureOf(err, signal);
	}
}

export function isAnswer(r: HttpAnswer | SendResult): r is HttpAnswer {
	return 'status' in r;
}

/**
 * A plain HTTP status as a result: 2xx sent; 408, 429 and 5xx retryable; any other status
 * (4xx, and 3xx since redirects are not followed) is the request or the URL at fault.
 */
export function judgeStatus(status: number): SendResult {
	if (status >= 200 && status < 300) return { ok: true };
	return failed(`http_${status}`, status === 408 || status === 429 || status >= 500);
}

/** The answer's JSON object, or null if it is not one. */
export function parseAnswer(body: string): Record<string, unknown> | null {
	try {
		const value: unknown = JSON.parse(body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

async function readCapped(res: Response): Promise<string> {
	if (!res.body) return '';
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		size += value.byteLength;
		if (size >= ANSWER_MAX_BYTES) {
			await reader.cancel().catch(() => undefined);
			break;
		}
	}
	return Buffer.concat(chunks).subarray(0, ANSWER_MAX_BYTES).toString('utf8');
}

function failureOf(err: unknown, signal: AbortSignal): SendResult {
	if (signal.aborted || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) return failed('timeout', true);
	const code = errorCode(err);
	if (code === 'ECONNREFUSED') return failed('refused', true);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failed('dns', true);
	return failed('network', true);
}

/** The system error code under fetch's `TypeError: fetch failed`. */
function errorCode(err: unknown): string | undefined {
	for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}
