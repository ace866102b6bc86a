import type { LocalizedName, Locale } from '$lib/domain/site/model';
import type { PatrolPlanRow } from '$lib/domain/patrol/plans';
import type { RoundRow } from '$lib/domain/patrol/rounds';
import { m } from '$lib/paraglide/messages.js';

/** A site's patrol ids as people read them; an id without a name is shown as it is. */
export interface PatrolNames {
	route(id: string): string;
	guard(id: string): string;
	checkpoint(id: string): string;
	/** A round by its route and planned start in the site's time zone (HH:MM). */
	round(id: string): string;
	/** An instant as HH:MM in the site's time zone: guards and managers read times as the site's. */
	time(iso: string): string;
}

/** What a site's names come from: its patrol plans and rounds (projections), its bundle's guards and checkpoints. */
export interface PatrolNameSources {
	plans: Iterable<PatrolPlanRow>;
	rounds: Iterable<RoundRow>;
	guards: Record<string, LocalizedName> | undefined;
	checkpoints: ReadonlyMap<string, LocalizedName> | undefined;
	timeZone: string;
}

/** The names of one site in one language. */
export function createPatrolNames(from: PatrolNameSources, locale: Locale): PatrolNames {
	const routes = new Map<string, string>();
	for (const p of from.plans) if (p.kind === 'route') routes.set(p.route, p.name[locale]);
	const starts = new Map<string, { route: string; plannedStart: string }>();
	for (const r of from.rounds) if (r.kind === 'round') starts.set(r.id, r);
	// h23, not hour12: false, which some locales read as h24 ("24:05" past midnight).
	const clock = new Intl.DateTimeFormat(locale, { timeZone: from.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	const route = (id: string) => routes.get(id) ?? id;
	const time = (iso: string) => clock.format(new Date(iso));
	return {
		time,
		route,
		guard: (id) => from.guards?.[id]?.[locale] ?? id,
		checkpoint: (id) => from.checkpoints?.get(id)?.[locale] ?? id,
		round(id) {
			const r = starts.get(id);
			return r ? m.patrol_round_label({ route: route(r.route), time: time(r.plannedStart) }, { locale }) : id;
		}
	};
}

/** A patrol incident's place in words: its round (route and planned start) and its guard. */
export function describePatrolPlace(patrol: { round: string; guard: string | null }, names: PatrolNames | undefined): string | undefined {
	if (!names) return undefined;
	return [names.round(patrol.round), ...(patrol.guard ? [names.guard(patrol.guard)] : [])].join(' · ');
}
