import type { Row, SiteProjection } from '$lib/domain/projection';
import { SiteReplay, type Keyframe } from '$lib/domain/replay';
import type { EventEnvelope } from '$lib/domain/events';
import type { Queryable } from '../db/client';
import { readEventsBetween } from '../event-log/read';

/** Events read per query while replaying. */
const PAGE = 5_000;

/** The time zone a site's replay starts with before its log names one (sites imported before bundles were stored). */
export async function getDefaultTimeZone(sql: Queryable, site: string): Promise<string> {
	const [row] = await sql<{ time_zone: string }[]>`select time_zone from site where id = ${site}`;
	return row?.time_zone ?? 'UTC';
}

/**
 * Replay a site's log from a keyframe (or from the start) up to seq `upTo`, page by page, with
 * the registry's rules. `onEvent` runs after each event is applied (keyframes are written and
 * compared there); it may be async, and the next page is read only after it settles.
 */
export async function replaySite(
	sql: Queryable,
	rules: readonly SiteProjection<unknown, Row>[],
	site: string,
	opts: { from: Keyframe | null; upTo: number; defaultTimeZone: string; onEvent?: (replay: SiteReplay, e: EventEnvelope) => void | Promise<void> }
): Promise<SiteReplay> {
	const replay = new SiteReplay(site, rules, opts.from, opts.defaultTimeZone);
	while (replay.seq < opts.upTo) {
		const page = await readEventsBetween(sql, site, replay.seq, opts.upTo, PAGE);
		if (!page.length) break;
		for (const e of page) {
			replay.apply(e);
			const done = opts.onEvent?.(replay, e);
			if (done) await done;
		}
	}
	return replay;
}
