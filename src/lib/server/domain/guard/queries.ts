import { listFeatures, type LocalizedName, type SiteGuard, type SitePlan } from '$lib/domain/site/model';
import type { GuardDispatch, GuardSnapshot } from '$lib/domain/guard/snapshot';
import { toDispatchProcedure, type DispatchProcedure } from '$lib/domain/guard/dispatch-steps';
import { listChecklists } from '../checklist/queries';
import { getProcedureVersion } from '../procedure/queries';
import { listIncidentPlaces } from '$lib/domain/patrol/nearest-guards';
import type { Incident } from '$lib/domain/incident/model';
import type { Round } from '$lib/domain/patrol/round';
import type { Queryable, Sql } from '../../db/client';
import { getGuardLastContact } from '../patrol/queries';
import { listDispatchedIncidents } from './commands';

/** How far back the phone lists the guard's finished rounds, and how far ahead the coming ones. */
const ROUNDS_BEHIND_MS = 12 * 60 * 60_000;
const ROUNDS_AHEAD_MS = 60 * 60_000;

/**
 * What the guard's page shows (`GuardSnapshot`), read in one repeatable-read snapshot so the
 * seq, the rounds and the incidents agree. Null when the site does not exist.
 */
export async function getGuardSnapshot(sql: Sql, site: string, guard: string, now: Date): Promise<GuardSnapshot | null> {
	return (await sql.begin('isolation level repeatable read read only', async (tx) => {
			const [row] = await tx<{ name: LocalizedName; time_zone: string; plan: SitePlan; guards: SiteGuard[]; seq: number | null }[]>`
				select s.name, s.time_zone, s.plan, s.guards, h.seq from site s left join stream_head h on h.stream = s.id where s.id = ${site}`;
			if (!row) return null;
			const [rounds, incidents, panic, scanContact] = await Promise.all([
				tx<{ state: Round }[]>`
					select state from patrol_round
					where site = ${site} and kind = 'round' and (guard = ${guard} or (guard is null and status in ('scheduled', 'in_progress')))
						and takes_scans_until >= ${new Date(now.getTime() - ROUNDS_BEHIND_MS)} and opens_at <= ${new Date(now.getTime() + ROUNDS_AHEAD_MS)}
					order by planned_start, id limit 50`,
				listDispatchedIncidents(tx, site, guard),
				findOpenPanic(tx, site, guard),
				getGuardLastContact(tx, site, guard)
			]);
			const procedures = await listDispatchProcedures(tx, incidents);
			const own = rounds.map((r) => r.state);
			const lastContact = [scanContact, ...own.map((r) => r.lastContactAt)].filter((t): t is string => t !== null).sort().at(-1) ?? null;
			const p = panic;
			const snapshot: GuardSnapshot = {
				site: { id: site, name: row.name, timeZone: row.time_zone },
				guard: { id: guard, name: row.guards.find((g) => g.id === guard)?.name ?? { 'zh-CN': guard, 'zh-TW': guard, en: guard } },
				seq: row.seq ?? 0,
				now: now.toISOString(),
				checkpoints: listFeatures({ plan: row.plan }, 'checkpoint').map((f) => ({
					id: f.properties.id,
					name: f.properties.name,
					position: f.geometry.coordinates,
					floor: f.properties.floor ?? null
				})),
				rounds: sortForGuard(own, guard),
				lastContactAt: lastContact,
				dispatches: incidents.map((i) => toDispatch(row.plan, i, procedures.get(i.id) ?? null)),
				panic: p ? { incident: p.id, status: p.status, openedAt: p.openedAt } : null
			};
			return snapshot;
	})) as GuardSnapshot | null;
}

const ACTIVE = new Set(['scheduled', 'in_progress']);

/** The guard's rounds under way first, then those open to anyone, then finished ones, newest first. */
function sortForGuard(rounds: Round[], guard: string): Round[] {
	const rank = (r: Round) => (ACTIVE.has(r.status) ? (r.guard === guard ? (r.status === 'in_progress' ? 0 : 1) : 2) : 3);
	return [...rounds].sort((a, b) => rank(a) - rank(b) || (rank(a) === 3 ? b.plannedStart.localeCompare(a.plannedStart) : a.plannedStart.localeCompare(b.plannedStart)));
}

/** The procedure steps of each dispatched incident that has a checklist, by incident id. */
async function listDispatchProcedures(sql: Queryable, incidents: Incident[]): Promise<Map<string, DispatchProcedure>> {
	const checklists = await listChecklists(sql, incidents.map((i) => i.id));
	const shown = new Map<string, DispatchProcedure>();
	for (const c of checklists) {
		const version = await getProcedureVersion(sql, c.procedure, c.version);
		if (version) shown.set(c.id, toDispatchProcedure(c, version));
	}
	return shown;
}

function toDispatch(plan: SitePlan, i: Incident, procedure: DispatchProcedure | null): GuardDispatch {
	const point =
		listFeatures({ plan }, 'alarm_point').find((f) => f.properties.device === i.device && f.properties.id === i.point) ??
		listFeatures({ plan }, 'checkpoint').find((f) => f.properties.id === i.point);
	const d = i.dispatch!;
	return {
		incident: { id: i.id, alarmType: i.alarmType, severity: i.severity, priority: i.priority, status: i.status, openedAt: i.openedAt, zone: i.zone, text: i.text, device: i.device, point: i.point },
		places: listIncidentPlaces(plan, i, [], []),
		placeName: point?.properties.name ?? null,
		sentAt: d.sentAt,
		sentBy: d.sentBy,
		acceptedAt: d.acceptedAt,
		onSceneAt: d.onSceneAt,
		procedure
	};
}

/** The guard's panic incident still open, if any. */
export async function findOpenPanic(sql: Queryable, site: string, guard: string): Promise<Incident | null> {
	const [row] = await sql<{ state: Incident }[]>`
		select state from incident where site = ${site} and kind = 'panic' and device = ${guard} and status not in ('resolved', 'closed')
		order by opened_at desc limit 1`;
	return row?.state ?? null;
}
