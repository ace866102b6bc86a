import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { Row } from '$lib/domain/projection';
import type { Keyframe } from '$lib/domain/replay';
import type { Sql } from '../db/client';
import { siteProjectionsOf, systemProjectionsOf, type Projection } from '../event-log/projection';
import { deleteKeyframes, insertKeyframe, listKeyframes } from './keyframes';
import { getDefaultTimeZone, replaySite } from './replay-log';

/** A row where the stored projection and a replay of the log disagree. */
export interface Difference {
	site: string;
	/** The projection's name, or `keyframe@<seq>` for a stored keyframe. */
	projection: string;
	id: string;
	kind: 'missing' | 'extra' | 'different';
	stored?: unknown;
	replayed?: unknown;
}

export interface CheckReport {
	sites: number;
	events: number;
	differences: Difference[];
}

/** JSON with keys sorted, so two rows compare by content whatever order their fields were written in. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
	);
}

/** Row-by-row differences between what is stored and what the replay made. */
export function diffRows(site: string, projection: string, stored: readonly Row[], replayed: readonly Row[]): Difference[] {
	const out: Difference[] = [];
	const mine = new Map(replayed.map((r) => [r.id, r]));
	const theirs = new Map(stored.map((r) => [r.id, r]));
	for (const [id, s] of theirs) {
		const r = mine.get(id);
		if (!r) out.push({ site, projection, id, kind: 'extra', stored: s });
		else if (canonical(s) !== canonical(r)) out.push({ site, projection, id, kind: 'different', stored: s, replayed: r });
	}
	for (const [id, r] of mine) if (!theirs.has(id)) out.push({ site, projection, id, kind: 'missing', replayed: r });
	return out;
}

function diffKeyframe(site: string, stored: Keyframe, replayed: Keyframe): Difference[] {
	const name = `keyframe@${stored.seq}`;
	const out = Object.entries(replayed.rows).flatMap(([p, rows]) => diffRows(site, `${name}:${p}`, stored.rows[p] ?? [], rows));
	if (canonical(stored.plan) !== canonical(replayed.plan)) out.push({ site, projection: name, id: 'plan', kind: 'different', stored: stored.plan, replayed: replayed.plan });
	return out;
}

async function listSiteStreams(sql: Sql, only?: readonly string[]): Promise<string[]> {
	const rows = await sql<{ stream: string }[]>`select stream from stream_head where stream <> ${SYSTEM_STREAM} order by stream`;
	return rows.map((r) => r.stream).filter((s) => !only || only.includes(s));
}

/** Whether the system stream is asked for: with no `--site`, or named as one. */
const includesSystem = (only?: readonly string[]) => !only || only.includes(SYSTEM_STREAM);

/**
 * Replay every site's whole log through the registry and compare with what is stored: each
 * projection's rows, and each keyframe at its seq. Each site is read in one repeatable-read
 * snapshot, so a running app's commits do not show up as differences. The system stream is
 * replayed the same way through the system stream's views (it has no keyframes).
 */
export async function checkProjections(sql: Sql, registry: readonly Projection[], opts: { sites?: readonly string[] } = {}): Promise<CheckReport> {
	const report: CheckReport = { sites: 0, events: 0, differences: [] };
	const siteViews = siteProjectionsOf(registry);
	const rules = siteViews.map((p) => p.rule);
	for (const site of await listSiteStreams(sql, opts.sites)) {
		await sql.begin('isolation level repeatable read read only', async (tx) => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${site}`;
			const keyframes = new Map((await listKeyframes(tx, site)).map((k) => [k.seq, k]));
			const replay = await replaySite(tx, rules, site, {
				from: null,
				upTo: head.seq,
				defaultTimeZone: await getDefaultTimeZone(tx, site),
				onEvent: (r, e) => {
					const stored = keyframes.get(e.seq);
					if (stored) report.differences.push(...diffKeyframe(site, stored, r.keyframe()));
				}
			});
			const stored = await Promise.all(siteViews.map((p) => p.stored(tx, site)));
			siteViews.forEach((p, n) => report.differences.push(...diffRows(site, p.name, stored[n], replay.rows(p.name) ?? [])));
			report.sites++;
			report.events += replay.seq;
		});
	}
	const systemViews = systemProjectionsOf(registry);
	if (systemViews.length && includesSystem(opts.sites)) {
		await sql.begin('isolation level repeatable read read only', async (tx) => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${SYSTEM_STREAM}`;
			const replay = await replaySite(tx, systemViews.map((p) => p.rule), SYSTEM_STREAM, { from: null, upTo: head?.seq ?? 0, defaultTimeZone: 'UTC' });
			const stored = await Promise.all(systemViews.map((p) => p.stored(tx, SYSTEM_STREAM)));
			systemViews.forEach((p, n) => report.differences.push(...diffRows(SYSTEM_STREAM, p.name, stored[n], replay.rows(p.name) ?? [])));
			report.sites++;
			report.events += replay.seq;
		});
	}
	return report;
}

/**
 * Replace every site's stored projections with a replay of its log, for after a rule was fixed,
 * and its keyframes with new ones. Each site is rebuilt in one transaction holding its stream's
 * head lock: its writers wait (they are not refused) until it commits. The system stream's views
 * are rebuilt from it the same way.
 */
export async function rebuildProjections(sql: Sql, registry: readonly Projection[], opts: { every: number; sites?: readonly string[] }): Promise<CheckReport> {
	const report: CheckReport = { sites: 0, events: 0, differences: [] };
	const siteViews = siteProjectionsOf(registry);
	const rules = siteViews.map((p) => p.rule);
	for (const site of await listSiteStreams(sql, opts.sites)) {
		await sql.begin(async (tx) => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${site} for update`;
			await deleteKeyframes(tx, site);
			const replay = await replaySite(tx, rules, site, {
				from: null,
				upTo: head.seq,
				defaultTimeZone: await getDefaultTimeZone(tx, site),
				onEvent: (r, e) => (e.seq % opts.every === 0 ? insertKeyframe(tx, site, r.keyframe()) : undefined)
			});
			if (replay.seq > 0 && replay.seq % opts.every !== 0) await insertKeyframe(tx, site, replay.keyframe());
			for (const p of siteViews) await p.replace(tx, site, replay.rows(p.name) ?? []);
			report.sites++;
			report.events += replay.seq;
		});
	}
	const systemViews = systemProjectionsOf(registry);
	if (systemViews.length && includesSystem(opts.sites)) {
		await sql.begin(async (tx) => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${SYSTEM_STREAM} for update`;
			const replay = await replaySite(tx, systemViews.map((p) => p.rule), SYSTEM_STREAM, { from: null, upTo: head?.seq ?? 0, defaultTimeZone: 'UTC' });
			for (const p of systemViews) await p.replace(tx, SYSTEM_STREAM, replay.rows(p.name) ?? []);
			report.sites++;
			report.events += replay.seq;
		});
	}
	return report;
}
