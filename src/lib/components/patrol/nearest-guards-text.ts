import type { GuardPosition } from '$lib/domain/patrol/guard-positions';
import { listFeatures, type Locale, type SitePlan } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

const MINUTE_MS = 60_000;

/** A distance to the metre, in the locale's digits. */
export function formatMetres(metres: number, locale: Locale = getLocale()): string {
	return m.nearest_guards_metres({ metres: Math.round(metres).toLocaleString(locale) }, { locale });
}

/** Where and how long ago a guard last scanned, in whole minutes (a clock ahead of ours reads 0). */
export function describeLastSeen(plan: SitePlan, seen: GuardPosition | null, now: number, locale: Locale = getLocale()): string {
	if (!seen) return m.nearest_guards_unseen({}, { locale });
	const minutes = Math.max(0, Math.floor((now - Date.parse(seen.at)) / MINUTE_MS));
	const checkpoint = listFeatures({ plan }, 'checkpoint').find((f) => f.properties.id === seen.checkpoint);
	return m.nearest_guards_seen({ minutes, checkpoint: checkpoint?.properties.name[locale] ?? seen.checkpoint }, { locale });
}

/** A round's route by the name it was given (`routeName`), else its name on the plan, else its id. */
export function describeRound(plan: SitePlan, route: string, routeName?: (id: string) => string, locale: Locale = getLocale()): string {
	const feature = listFeatures({ plan }, 'patrol_route').find((f) => f.properties.id === route);
	const named = routeName?.(route);
	return m.nearest_guards_round({ route: named && named !== route ? named : (feature?.properties.name[locale] ?? route) }, { locale });
}
