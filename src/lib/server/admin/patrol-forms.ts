import { LOCALES, type LocalizedName } from '$lib/domain/site/model';
import type { RouteDefinedData, RouteMode, RouteStop, ScheduleDefinedData } from '$lib/domain/patrol/round-events';
import { instantOfLocalDateTime } from '$lib/domain/patrol/local-datetime';
import { PLAN_ID, routeBody, scheduleBody } from '$lib/server/domain/patrol/input';

/**
 * The route and schedule forms of the admin patrol page, read into the events' data with the
 * API's own schemas. A refused form comes back with the names of the refused fields and what
 * was typed, so the page shows it again (without JavaScript too) instead of losing it.
 */

/** A route form as typed; `silenceMinutes` empty for the default. */
export interface RouteFormValues {
	id: string;
	name: LocalizedName;
	mode: RouteMode;
	silenceMinutes: string;
	stops: RouteStop[];
}

export const SCHEDULE_KINDS = ['every', 'daily', 'once'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** A schedule form as typed: every kind's fields, the page shows those of `kind`. `guard` empty: the first to scan. */
export interface ScheduleFormValues {
	id: string;
	route: string;
	guard: string;
	kind: ScheduleKind;
	minutes: string;
	from: string;
	to: string;
	/** Daily times, `HH:MM` separated by commas or spaces. */
	times: string;
	/** The site's wall clock, `YYYY-MM-DDTHH:MM`. */
	at: string;
}

/** What was typed, and the event's data or the refused fields. */
export type FormRead<T, V> = { values: V } & ({ ok: true; data: T } | { ok: false; fields: string[] });

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
/** A typed number; what is not one stays NaN, which the schema refuses. */
const numberOf = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === '' ? NaN : Number(value));
/** The refused fields, by the first part of each issue's path (`stops.2.legMinutes` → `stops`). */
const fieldsOf = (issues: { path: PropertyKey[] }[]) => [...new Set(issues.map((i) => String(i.path[0] ?? 'form')))];

export function readRouteForm(form: FormData): FormRead<RouteDefinedData, RouteFormValues> {
	const legs = form.getAll('leg');
	const tolerances = form.getAll('tolerance');
	const stops = form.getAll('stop').map((checkpoint, n) => ({
		checkpoint: String(checkpoint),
		legMinutes: numberOf(legs[n] ?? null),
		toleranceMinutes: numberOf(tolerances[n] ?? null)
	}));
	const silence = text(form, 'silenceMinutes');
	const values: RouteFormValues = {
		id: text(form, 'id'),
		name: Object.fromEntries(LOCALES.map((l) => [l, text(form, `name_${l}`)])) as LocalizedName,
		mode: text(form, 'mode') === 'strict' ? 'strict' : 'any_order',
		silenceMinutes: silence,
		// NaN is no JSON: a refused number comes back as 0, its field marked.
		stops: stops.map((s) => ({ ...s, legMinutes: s.legMinutes || 0, toleranceMinutes: s.toleranceMinutes || 0 }))
	};
	const parsed = routeBody.safeParse({ name: values.name, mode: text(form, 'mode'), stops, ...(silence && { silenceMinutes: numberOf(silence) }) });
	const fields = [...(PLAN_ID.test(values.id) ? [] : ['id']), ...(parsed.success ? [] : fieldsOf(parsed.error.issues))];
	if (!parsed.success || fields.length) return { ok: false, fields, values };
	return { ok: true, data: { route: values.id, ...parsed.data }, values };
}

export function readScheduleForm(form: FormData, timeZone: string): FormRead<ScheduleDefinedData, ScheduleFormValues> {
	const kindTyped = text(form, 'kind');
	const values: ScheduleFormValues = {
		id: text(form, 'id'),
		route: text(form, 'route'),
		guard: text(form, 'guard'),
		kind: (SCHEDULE_KINDS as readonly string[]).includes(kindTyped) ? (kindTyped as ScheduleKind) : 'every',
		minutes: text(form, 'minutes'),
		from: text(form, 'from'),
		to: text(form, 'to'),
		times: text(form, 'times'),
		at: text(form, 'at')
	};
	const rule =
		values.kind === 'every'
			? { kind: 'every', minutes: numberOf(values.minutes), from: values.from, to: values.to }
			: values.kind === 'daily'
				? { kind: 'daily', times: [...new Set(values.times.split(/[\s,，、]+/).filter(Boolean))].sort() }
				: { kind: 'once', at: instantOfLocalDateTime(values.at, timeZone) };
	const parsed = scheduleBody.safeParse({ route: values.route, rule, guard: values.guard || null });
	// A rule's refusal is named by its own field: `rule.minutes` → `minutes`, `rule.times.0` → `times`.
	const fields = [
		...(PLAN_ID.test(values.id) ? [] : ['id']),
		...(parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0] === 'rule' ? (i.path[1] ?? 'kind') : (i.path[0] ?? 'form'))))])
	];
	if (!parsed.success || fields.length) return { ok: false, fields, values };
	return { ok: true, data: { schedule: values.id, ...parsed.data }, values };
}
