/**
 * When the phone's outbox tries again, and what an answer means for an item. Pure: the outbox
 * (`components/guard/outbox.svelte.ts`) owns the clock and the timer.
 */

/** The first retry after a failure, and the longest wait between tries. */
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 30_000;

/**
 * How long to wait before the next try after `failures` failed tries in a row: none before the
 * first, then 2 s, 4 s, 8 s, 16 s, and 30 s from then on. A guard in a basement for an hour still
 * has the items sent within half a minute of coming up, and a phone with no network does not
 * spend its battery on a tight loop.
 */
export function getRetryDelayMs(failures: number): number {
	if (!(failures > 0)) return 0;
	return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(failures - 1, 16));
}

/** What becomes of an item after an answer: `done` (stored, or stored before), `refused` (never retried), `retry`. */
export type AnswerVerdict = 'done' | 'refused' | 'retry';

/**
 * 201 stored and 200 stored already are done. The request itself was wrong (400, and a photo
 * the server will never take: 413, 415) is refused: sending it again gives the same answer, so
 * it goes to the visible list of refused items. Everything else, a network error (`null`), 5xx,
 * 503, 429, and 401/403 (signed out, or the link changed: the guard can put it right and the
 * item must not be lost meanwhile), is tried again.
 */
export function judgeAnswer(status: number | null): AnswerVerdict {
	if (status === 200 || status === 201) return 'done';
	if (status === 400 || status === 413 || status === 415) return 'refused';
	return 'retry';
}
