import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import type { LocalizedName } from '../site/model';
import type { RouteMode, RouteStop, ScheduleRule } from './round-events';

/**
 * A site's patrol routes and schedules as they stand (`patrolPlans`): what the route editor
 * shows, what the scheduler plans rounds from, and what the console names rounds by. Pure.
 */

export interface PatrolRoute {
	kind: 'route';
	/** `route/<route id>`: routes and schedules share the projection's id space. */
	id: string;
	site: string;
	route: string;
	name: LocalizedName;
	mode: RouteMode;
	stops: RouteStop[];
	silenceMinutes: number | null;
	/** The seq of the `RouteDefined` that made it as it is. */
	seq: number;
	definedAt: string;
}

export interface PatrolSchedule {
	kind: 'schedule';
	/** `schedule/<schedule id>`. */
	id: string;
	site: string;
	schedule: string;
	route: string;
	rule: ScheduleRule;
	guard: string | null;
	/** The latest planned start of a round made for it, ISO; null before the first. */
	lastPlannedStart: string | null;
	seq: number;
	definedAt: string;
}

export type PatrolPlanRow = PatrolRoute | PatrolSchedule;

export const routeRowId = (route: string) => `route/${route}`;
export const scheduleRowId = (schedule: string) => `schedule/${schedule}`;

/** The event types this projection reads. */
export const PATROL_PLAN_EVENT_TYPES: ReadonlySet<string> = new Set(['RouteDefined', 'RouteRemoved', 'ScheduleDefined', 'ScheduleRemoved', 'RoundScheduled']);

/**
 * The routes and schedules after one event. Removing a route removes its schedules (rounds
 * already made keep their copy of the route). A schedule redefined keeps its last planned
 * start, so changing a rule never makes a round twice.
 */
export function evolvePatrolPlans(rows: RowSet<PatrolPlanRow>, e: EventEnvelope): void {
	switch (e.type) {
		case 'RouteDefined': {
			const d = e.data;
			rows.set({
				kind: 'route',
				id: routeRowId(d.route),
				site: e.site,
				route: d.route,
				name: d.name,
				mode: d.mode,
				stops: d.stops,
				silenceMinutes: d.silenceMinutes ?? null,
				seq: e.seq,
				definedAt: e.receivedAt
			});
			return;
		}
		case 'RouteRemoved':
			rows.delete(routeRowId(e.data.route));
			for (const r of [...rows.values()]) if (r.kind === 'schedule' && r.route === e.data.route) rows.delete(r.id);
			return;
		case 'ScheduleDefined': {
			const d = e.data;
			const before = rows.get(scheduleRowId(d.schedule));
			rows.set({
				kind: 'schedule',
				id: scheduleRowId(d.schedule),
				site: e.site,
				schedule: d.schedule,
				route: d.route,
				rule: d.rule,
				guard: d.guard,
				lastPlannedStart: before?.kind === 'schedule' ? before.lastPlannedStart : null,
				seq: e.seq,
				definedAt: e.receivedAt
			});
			return;
		}
		case 'ScheduleRemoved':
			rows.delete(scheduleRowId(e.data.schedule));
			return;
		case 'RoundScheduled': {
			if (e.data.schedule === null) return;
			const s = rows.get(scheduleRowId(e.data.schedule));
			const start = new Date(e.data.plannedStart).toISOString();
			if (s?.kind === 'schedule' && (s.lastPlannedStart === null || s.lastPlannedStart < start)) rows.set({ ...s, lastPlannedStart: start });
			return;
		}
	}
}

/** Routes and schedules (`patrolPlans`): every row is current, so a keyframe and a console hold them all. */
export const patrolPlans = rowSetProjection<PatrolPlanRow>('patrolPlans', (rows, e) => evolvePatrolPlans(rows, e));
