import type { Role } from '$lib/domain/access';
import { getChecklistProgress } from '$lib/domain/checklist/rules';
import { OPEN_STATUSES, type Incident } from '$lib/domain/incident/model';
import type { ShiftSpan } from '$lib/domain/patrol/report';
import type { Shift } from '$lib/domain/shift/model';
import type { HandoverListing, StaffRoles } from '$lib/domain/shift/rules';
import type { Queryable } from '../../db/client';
import { listChecklists } from '../checklist/queries';
import { listIncidents } from '../incident/queries';

/** How many ended shifts a console keeps beside the one on duty (the one just handed over, to print). */
export const RECENT_SHIFTS = 3;

const states = (rows: { state: Shift }[]) => rows.map((r) => r.state);

/** The shift on duty, or null. */
export async function getShiftOnDuty(sql: Queryable): Promise<Shift | null> {
	const [row] = await sql<{ state: Shift }[]>`select state from shift where ended_at is null order by started_at desc limit 1`;
	return row?.state ?? null;
}

export async function getShift(sql: Queryable, id: string): Promise<Shift | null> {
	const [row] = await sql<{ state: Shift }[]>`select state from shift where id = ${id}`;
	return row?.state ?? null;
}

export async function listShifts(sql: Queryable, ids: readonly string[]): Promise<Shift[]> {
	if (!ids.length) return [];
	return states(await sql<{ state: Shift }[]>`select state from shift where id = any(${ids as string[]})`);
}

/** What a console shows: the shift on duty and the last few that ended, newest first. */
export async function listCurrentShifts(sql: Queryable, recent = RECENT_SHIFTS): Promise<Shift[]> {
	return states(await sql<{ state: Shift }[]>`
		(select state, started_at from shift where ended_at is null)
		union all
		(select state, started_at from shift where ended_at is not null order by started_at desc limit ${recent})
		order by started_at desc`);
}

/** Shifts newest first, `limit` of them, started before `before` when given (paging back). */
export async function listShiftHistory(sql: Queryable, limit: number, before?: Date): Promise<Shift[]> {
	return states(await sql<{ state: Shift }[]>`
		select state from shift ${before ? sql`where started_at < ${before}` : sql``} order by started_at desc limit ${limit}`);
}

export async function listAllShifts(sql: Queryable): Promise<Shift[]> {
	return states(await sql<{ state: Shift }[]>`select state from shift order by started_at`);
}

/** The number the next shift takes: one past the highest so far. */
export async function getNextShiftNumber(sql: Queryable): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select coalesce(max(substring(id from 2)::int), 0)::int + 1 as n from shift`;
	return row.n;
}

/** Someone a shift may name: an enabled operator or manager. */
export interface StaffMember {
	id: string;
	name: string;
	role: Extract<Role, 'operator' | 'manager'>;
}

/** Enabled operators and managers, by name: who may be put on duty or named manager on duty. */
export async function listStaff(sql: Queryable): Promise<StaffMember[]> {
	return await sql<StaffMember[]>`
		select id::text as id, coalesce(nullif(display_name, ''), username) as name, role from app_user
		where disabled_at is null and role in ('operator', 'manager') order by role desc, name`;
}

export const staffRolesOf = (staff: readonly StaffMember[]): StaffRoles => new Map(staff.map((s) => [s.id, s.role]));

/** Display names by user id, disabled accounts included (a record names who was there). */
export async function getUserNames(sql: Queryable, ids: Iterable<string>): Promise<Record<string, string>> {
	const list = [...new Set(ids)];
	if (!list.length) return {};
	const rows = await sql<{ id: string; name: string }[]>`
		select id::text as id, coalesce(nullif(display_name, ''), username) as name from app_user where id::text = any(${list})`;
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** Everyone a shift names: operators, the manager, who wrote, proposed and signed. */
export function listPeopleOf(shift: Shift): string[] {
	const h = shift.handover;
	return [
		shift.startedBy,
		shift.managerOnDuty,
		...shift.operators.map((o) => o.user),
		...shift.log.map((l) => l.by),
		...(h ? [h.proposedBy, h.next.managerOnDuty, ...h.next.operators, ...(h.outgoing ? [h.outgoing.by] : []), ...(h.incoming ? [h.incoming.by] : [])] : [])
	];
}

/** The sites a shift watches: those it names, or every site. */
export async function listShiftSites(sql: Queryable, shift: Pick<Shift, 'sites'> | null): Promise<string[]> {
	if (shift?.sites) return shift.sites;
	return (await sql<{ id: string }[]>`select id from site order by id`).map((r) => r.id);
}

/**
 * What stands open across these sites, as a handover lists it: incidents not resolved (drills
 * too: they are worked like real ones), and the checklists of those with steps still open.
 */
export async function readHandoverListing(sql: Queryable, sites: readonly string[]): Promise<HandoverListing> {
	const incidents = await listIncidents(sql, sites, OPEN_STATUSES);
	const checklists = await listChecklists(
		sql,
		incidents.map((i) => i.id)
	);
	return {
		openIncidents: incidents.map((i) => ({
			id: i.id,
			site: i.site,
			kind: i.alarmType,
			severity: i.severity,
			status: i.status,
			openedAt: i.openedAt,
			zone: i.zone,
			drill: i.drill ?? false
		})),
		unfinishedChecklists: checklists.flatMap((c) => {
			const p = getChecklistProgress(c);
			return p.settled < p.total ? [{ incident: c.id, site: c.site, procedure: c.procedure, version: c.version, ...p }] : [];
		})
	};
}

/**
 * The incidents attributed to a shift: those opened at these sites while it was on duty
 * (from its start to its end, or to `now` while on duty), in the order they opened.
 */
export async function listShiftIncidents(sql: Queryable, shift: Pick<Shift, 'startedAt' | 'endedAt'>, sites: readonly string[], now: Date): Promise<Incident[]> {
	const until = shift.endedAt ? new Date(shift.endedAt) : now;
	return (
		await sql<{ state: Incident }[]>`
			select state from incident
			where site = any(${sites as string[]}) and opened_at >= ${new Date(shift.startedAt)} and opened_at < ${until}
			order by opened_at, id limit 2000`
	).map((r) => r.state);
}

/** The spans of the shifts on duty at some time in [from, to), for the patrol report's figures per shift. */
export async function listShiftSpans(sql: Queryable, from: Date, to: Date): Promise<ShiftSpan[]> {
	return await sql<ShiftSpan[]>`
		select id, state ->> 'startedAt' as "startedAt", state ->> 'endedAt' as "endedAt", state -> 'sites' as sites from shift
		where started_at < ${to} and (ended_at is null or ended_at > ${from}) order by started_at`;
}
