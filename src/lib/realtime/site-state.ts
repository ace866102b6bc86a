import type { EventsPage, SiteState } from './contract';

/** The HTTP boundary of the browser's reads: `fetch`, or a test's stand-in for it. */
export type FetchLike = (url: string) => Promise<Response>;

/** Which state: the last seq committed at or before an instant, a seq, or now. */
export type StateTarget = { at: Date } | { seq: number } | 'now';

/** `GET /api/sites/{site}/state`: a site's projections at a seq, an instant, or now; null when refused or unreachable. */
export async function getSiteState(fetch: FetchLike, site: string, target: StateTarget = 'now'): Promise<SiteState | null> {
	const query = target === 'now' ? '' : 'seq' in target ? `?seq=${target.seq}` : `?at=${encodeURIComponent(target.at.toISOString())}`;
	return readJson<SiteState>(fetch, `/api/sites/${encodeURIComponent(site)}/state${query}`);
}

/** `GET /api/events`: a site's events with seq > after, in seq order, at most `limit` (1–1000); null when refused or unreachable. */
export async function listEventsAfter(fetch: FetchLike, site: string, after: number, limit: number): Promise<EventsPage | null> {
	return readJson<EventsPage>(fetch, `/api/events?site=${encodeURIComponent(site)}&after=${after}&limit=${limit}`);
}

async function readJson<T>(fetch: FetchLike, url: string): Promise<T | null> {
	try {
		const response = await fetch(url);
		return response.ok ? ((await response.json()) as T) : null;
	} catch {
		// Offline or cut mid-answer: the caller retries on its own terms (the next join, a step).
		return null;
	}
}
