import type { RowSet } from '$lib/domain/projection';
import { patrolDueAt } from '$lib/domain/patrol/round-due';
import { spanOf } from '$lib/domain/patrol/round';
import { evolveRounds, type RoundRow } from '$lib/domain/patrol/rounds';
import { rounds as roundsRule } from '$lib/domain/patrol/rounds-projection';
import { scanTimeOf } from '$lib/domain/patrol/scan';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { NewEvent, WriteItem } from '../../event-log/types';
import type { DueItem } from '../../scheduler/due-items';
import { listAllRoundRows, listRoundsView } from './queries';
import { PATROL, patrolKey } from './timers';

interface RoundsLoad {
	rows: SiteRows<RoundRow>;
	/** Per site checked, the checkpoints of the batch's scans that its plan has. */
	known: Map<string, Set<string>>;
	/** The due time each loaded round had, by `site/id`: only a move is written. */
	loadedDue: Map<string, number | null>;
}

/** The events naming a round (everything the rounds rule reads but scans). */
const ROUND_EVENT_TYPES = new Set(['RoundScheduled', 'RoundClaimed', 'CheckpointSkipped', 'RoundWindowClosed', 'GuardSilenceNoted', 'MissedCheckpointScanned', 'GuardContactResumed']);

const isScan = (e: NewEvent): e is NewEvent & { type: 'CheckpointScanned'; data: { guard: string; checkpoint: string } } => e.type === 'CheckpointScanned';

/**
 * What a batch's inputs can touch: for its scans, the rounds whose span holds the scan's time
 * (of the scanning guard, or unclaimed: a round whose guard was noted silent is among them, as
 * it is in progress), and which of the scanned checkpoints the site has; for round events, their rounds. One
 * statement each, sent with the head lock; none for a batch without either.
 */
async function loadRounds(tx: Tx, items: readonly WriteItem[]): Promise<RoundsLoad> {
	const load: RoundsLoad = { rows: new SiteRows(), known: new Map(), loadedDue: new Map() };
	const scans: { site: string; id: string }[] = [];
	const named: { site: string; id: string }[] = [];
	const guards = new Set<string>();
	const checkIns: { site: string; guard: string }[] = [];
	let from = Infinity;
	let to = -Infinity;
	for (const item of items) {
		if (item.kind !== 'event') continue;
		const e = item.event;
		if (isScan(e)) {
			scans.push({ site: e.stream, id: e.data.checkpoint });
			guards.add(e.data.guard);
			const t = scanTimeOf({ at: e.at.toISOString(), receivedAt: e.receivedAt.toISOString() });
			from = Math.min(from, t);
			to = Math.max(to, t);
		} else if (ROUND_EVENT_TYPES.has(e.type)) {
			named.push({ site: e.stream, id: (e.data as { round: string }).round });
		} else if (e.type === 'GuardCheckedIn') {
			checkIns.push({ site: e.stream, guard: e.data.guard });
		}
	}
	if (!scans.length && !named.length && !checkIns.length) return load;
	const sites = [...new Set(scans.map((s) => s.site))];
	const [known, rows] = await Promise.all([
		scans.length
			? tx<{ site: string; id: string }[]>`
				select c.site, c.id from checkpoint c
				join jsonb_to_recordset(${tx.json(scans as never)}::jsonb) as k(site text, id text) on c.site = k.site and c.id = k.id`.execute()
			: [],
		tx<{ state: RoundRow }[]>`
			select state from patrol_round
			where kind = 'round' and site = any(${sites}) and (guard is null or guard = any(${[...guards]}))
				and takes_scans_until >= ${new Date(Number.isFinite(from) ? from : 0)} and opens_at <= ${new Date(Number.isFinite(to) ? to : 0)}
			union all
			select r.state from patrol_round r
			join jsonb_to_recordset(${tx.json(named as never)}::jsonb) as k(site text, id text) on r.site = k.site and r.id = k.id
			${checkIns.length ? checkedInRounds(tx, checkIns) : tx``}`.execute()
	]);
	for (const site of sites) load.known.set(site, new Set());
	for (const k of known) load.known.get(k.site)!.add(k.id);
	// `union all`: comparing jsonb states to drop a round found both ways costs more than keeping the last copy here.
	load.rows = new SiteRows([...new Map(rows.map((r) => [`${r.state.site}/${r.state.id}`, r.state])).values()]);
	for (const { state } of rows) if (state.kind === 'round') load.loadedDue.set(`${state.site}/${state.id}`, patrolDueAt(state)?.getTime() ?? null);
	return load;
}

/** The rounds in progress of guards who checked in (rare: only a batch holding a check-in asks). */
const checkedInRounds = (tx: Tx, checkIns: { site: string; guard: string }[]) => tx`
	union all
	select r.state from patrol_round r
	join jsonb_to_recordset(${tx.json(checkIns as never)}::jsonb) as k(site text, guard text)
		on r.site = k.site and r.guard = k.guard and r.kind = 'round' and r.status = 'in_progress'`;

function upsertRoundRows(tx: Tx, rows: readonly RoundRow[]) {
	const values = rows.map((r) => {
		if (r.kind === 'flagged_scan') {
			return { site: r.site, id: r.id, kind: r.kind, route: null, guard: r.guard, status: 'flagged', planned_start: r.receivedAt, opens_at: null, takes_scans_until: null, last_seq: r.seq, state: r };
		}
		const span = spanOf(r);
		return {
			site: r.site,
			id: r.id,
			kind: r.kind,
			route: r.route,
			guard: r.guard,
			status: r.status,
			planned_start: r.plannedStart,
			opens_at: new Date(span.opensAt).toISOString(),
			takes_scans_until: new Date(span.takesScansUntil).toISOString(),
			last_seq: r.lastSeq,
			state: r
		};
	});
	return tx`
		insert into patrol_round (site, id, kind, route, guard, status, planned_start, opens_at, takes_scans_until, last_seq, state)
		select site, id, kind, route, guard, status, planned_start, opens_at, takes_scans_until, last_seq, state
		from jsonb_to_recordset(${tx.json(values as never)}::jsonb) as x(site text, id text, kind text, route text, guard text, status text,
			planned_start timestamptz, opens_at timestamptz, takes_scans_until timestamptz, last_seq int8, state jsonb)
		on conflict (site, id) do update set guard = excluded.guard, status = excluded.status, last_seq = excluded.last_seq, state = excluded.state`;
}

/**
 * Patrol rounds (`patrol_round`): `evolveRounds`, the rule a replay runs. It stamps a scan of a
 * checkpoint the site's plan does not have (`data.unknown`), so the round rules, the consoles
 * and a replay flag it alike whatever the plan says later. Each active round keeps one due item
 * for the patrol timer (`patrolDueAt`): its next window's end, its guard's silence, or a note owed.
 */
export const roundsProjection: Projection<RoundsLoad, RoundRow> = {
	name: 'rounds',
	rule: roundsRule,
	load: loadRounds,
	stamp(e, load) {
		const known = load.known.get(e.stream);
		if (!known || !isScan(e) || known.has(e.data.checkpoint)) return e;
		return { ...e, data: { ...e.data, unknown: true } } as NewEvent;
	},
	evolve: (load, e) => evolveRounds(load.rows.of(e.site) as RowSet<RoundRow>, e),
	persist(tx, load) {
		const changed = load.rows.upserted();
		return changed.length ? [upsertRoundRows(tx, changed).execute()] : [];
	},
	due(load) {
		const set: DueItem[] = [];
		const clear: string[] = [];
		for (const r of load.rows.upserted()) {
			if (r.kind !== 'round') continue;
			const at = patrolDueAt(r);
			const key = `${r.site}/${r.id}`;
			if (load.loadedDue.has(key) && load.loadedDue.get(key) === (at?.getTime() ?? null)) continue;
			if (at) set.push({ key: patrolKey(r.site, r.id), stream: r.site, kind: PATROL, dueAt: at.toISOString() });
			else if (load.loadedDue.has(key)) clear.push(patrolKey(r.site, r.id));
		}
		return { set, clear };
	},
	updates: (load) => load.rows.changes(),
	list: (sql, site, now) => listRoundsView(sql, site, now),
	stored: (sql: Queryable, site) => listAllRoundRows(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from patrol_round where site = ${site}`;
		for (let i = 0; i < rows.length; i += 2_000) await upsertRoundRows(tx, rows.slice(i, i + 2_000));
	}
};
