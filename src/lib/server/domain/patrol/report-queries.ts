import type { Round } from '$lib/domain/patrol/round';
import { PATROL_EXCEPTION_KINDS, type PatrolException } from '$lib/domain/patrol/report';
import type { LocalizedName, SiteGuard } from '$lib/domain/site/model';
import type { Sql } from '../../db/client';

/** A site as a report names it. */
export interface ReportSite {
	id: string;
	name: LocalizedName;
	timeZone: string;
	guards: SiteGuard[];
	/** The names of the routes defined now (a removed route is named by its id alone). */
	routes: { route: string; name: LocalizedName }[];
}

/** What `buildPatrolReport` needs for some sites over [from, to), read at one instant. */
export interface PatrolReportInput {
	sites: ReportSite[];
	rounds: Round[];
	exceptions: PatrolException[];
}

/**
 * The sites (those of `sites` that exist, in id order, with their guards' and routes' names), their rounds planned in [from, to) and
 * the exceptions that count for them: those of a round in the window, and those opened in the
 * window whose round is not in the table at all (the report counts those by their opening). An
 * exception of a round planned outside the window is not read, though it may have opened inside.
 * One repeatable-read transaction, so rounds and exceptions agree; the pool's statement timeout
 * bounds each statement.
 */
export async function readPatrolReportInput(sql: Sql, sites: readonly string[], from: Date, to: Date): Promise<PatrolReportInput> {
	return (await sql.begin('isolation level repeatable read read only', async (tx) => {
		const ids = sites as string[];
		const siteRows = await tx<{ id: string; name: LocalizedName; time_zone: string; guards: SiteGuard[] }[]>`
			select id, name, time_zone, guards from site where id = any(${ids}) order by id`;
		const routes = await tx<{ site: string; route: string; name: LocalizedName }[]>`
			select site, state ->> 'route' as route, state -> 'name' as name from patrol_plan where site = any(${ids}) and kind = 'route'`;
		const rounds = await tx<{ state: Round }[]>`
			select state from patrol_round
			where site = any(${ids}) and kind = 'round' and planned_start >= ${from} and planned_start < ${to}
			order by site, planned_start, id`;
		const exceptions = await tx<{ state: PatrolException }[]>`
			select i.state from incident i
			where i.site = any(${ids}) and i.kind = any(${PATROL_EXCEPTION_KINDS as readonly string[] as string[]})
				and i.state -> 'drill' is null
				and (
					exists (
						select 1 from patrol_round r
						where r.site = i.site and r.id = i.point and r.kind = 'round' and r.planned_start >= ${from} and r.planned_start < ${to}
					)
					or (
						i.opened_at >= ${from} and i.opened_at < ${to}
						and not exists (select 1 from patrol_round r where r.site = i.site and r.id = i.point)
					)
				)
			order by i.site, i.opened_at, i.id`;
		return {
			sites: siteRows.map((s) => ({
				id: s.id,
				name: s.name,
				timeZone: s.time_zone,
				guards: s.guards,
				routes: routes.filter((r) => r.site === s.id).map(({ route, name }) => ({ route, name }))
			})),
			rounds: rounds.map((r) => r.state),
			exceptions: exceptions.map((x) => x.state)
		};
	})) as PatrolReportInput;
}
