import type { SiteState } from '$lib/realtime/contract';
import type { Sql } from '../db/client';
import { siteProjectionsOf, type Projection } from '../event-log/projection';
import { findSeqAt, getCommittedAt } from '../event-log/read';
import { readKeyframe } from './keyframes';
import { getDefaultTimeZone, replaySite } from './replay-log';

/** Which prefix of a site's log: up to a seq, up to an instant (commit time), or all of it. */
export type StateTarget = { seq: number } | { at: Date } | { now: Date };

export type SiteStateOutcome = { ok: true; state: SiteState } | { ok: false; reason: 'unknown_site' | 'beyond_head' };

/**
 * A site's state at a prefix of its log, as a console held it at that seq: the newest usable
 * keyframe at or below it, then the events after it through the registry's own rules, all read
 * in one repeatable-read snapshot. Projections kept by day are shown as of the instant asked
 * for (`at`, the seq's commit time, or now).
 */
export async function readSiteState(sql: Sql, registry: readonly Projection[], site: string, target: StateTarget): Promise<SiteStateOutcome> {
	return (await sql.begin('isolation level repeatable read read only', async (tx) => {
		const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${site}`;
		if (!head) return { ok: false, reason: 'unknown_site' };
		let seq: number;
		let committedAt: Date | null;
		if ('seq' in target) {
			if (target.seq > head.seq) return { ok: false, reason: 'beyond_head' };
			seq = target.seq;
			committedAt = await getCommittedAt(tx, site, seq);
		} else if ('at' in target) {
			({ seq, committedAt } = await findSeqAt(tx, site, target.at));
		} else {
			seq = head.seq;
			committedAt = await getCommittedAt(tx, site, seq);
		}
		// The system stream's views are not a site's (a whole registry may be given).
		const rules = siteProjectionsOf(registry).map((p) => p.rule);
		const [from, defaultTimeZone] = await Promise.all([readKeyframe(tx, site, seq, rules.map((r) => r.name)), getDefaultTimeZone(tx, site)]);
		const replay = await replaySite(tx, rules, site, { from, upTo: seq, defaultTimeZone });
		const at = 'at' in target ? target.at : 'now' in target ? target.now : (committedAt ?? new Date(0));
		const state: SiteState = { site, seq, committedAt: committedAt?.toISOString() ?? null, plan: replay.plan, projections: replay.view(at) };
		return { ok: true, state };
	})) as SiteStateOutcome;
}
