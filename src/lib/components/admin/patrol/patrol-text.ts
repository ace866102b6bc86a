import type { RouteMode, ScheduleRule } from '$lib/domain/patrol/round-events';
import { localDateTimeOf } from '$lib/domain/patrol/local-datetime';
import { m } from '$lib/paraglide/messages.js';
import type { FormOutcome } from '../form-outcome';

/** The patrol page's words for its rules and refusals, in the reader's language. */

/** `120` → "2 h", `90` → "90 min". */
export const nameInterval = (minutes: number) => (minutes % 60 === 0 ? m.patrol_interval_hours({ hours: minutes / 60 }) : m.patrol_interval_minutes({ minutes }));

export const nameMode = (mode: RouteMode) => (mode === 'strict' ? m.patrol_mode_strict() : m.patrol_mode_any_order());

/** A schedule's rule as a sentence, times on the site's wall clock. */
export function describeRule(rule: ScheduleRule, timeZone: string): string {
	switch (rule.kind) {
		case 'every':
			return rule.from === rule.to
				? m.patrol_rule_every_all_day({ interval: nameInterval(rule.minutes), from: rule.from })
				: m.patrol_rule_every({ interval: nameInterval(rule.minutes), from: rule.from, to: rule.to });
		case 'daily':
			return m.patrol_rule_daily({ times: rule.times.join(m.list_separator()) });
		case 'once':
			return m.patrol_rule_once({ at: localDateTimeOf(rule.at, timeZone).replace('T', ' ') });
	}
}

const fieldErrors: Record<string, () => string> = {
	id: () => m.patrol_error_id(),
	name: () => m.patrol_error_name(),
	mode: () => m.patrol_error_mode(),
	stops: () => m.patrol_error_stops(),
	silenceMinutes: () => m.patrol_error_silence(),
	route: () => m.patrol_error_route(),
	guard: () => m.patrol_error_guard(),
	kind: () => m.patrol_error_kind(),
	minutes: () => m.patrol_error_minutes(),
	from: () => m.patrol_error_time(),
	to: () => m.patrol_error_time(),
	times: () => m.patrol_error_times(),
	at: () => m.patrol_error_at()
};

const refusals: Record<string, () => string> = {
	unknown_checkpoint: () => m.patrol_refused_checkpoint(),
	unknown_route: () => m.patrol_refused_route(),
	unknown_schedule: () => m.patrol_refused_schedule(),
	unknown_guard: () => m.patrol_refused_guard(),
	unknown_site: () => m.patrol_refused_site()
};

/** Why a route or schedule form was refused: one line per refused field, or the command's refusal. */
export function describePatrolProblem(outcome: FormOutcome | null): string[] {
	if (!outcome?.problem) return [];
	if (outcome.problem !== 'invalid') return [(refusals[outcome.problem] ?? m.patrol_error_failed)()];
	const lines = [...new Set(outcome.fields.map((f) => fieldErrors[f]?.()).filter((l) => l !== undefined))];
	return lines.length ? lines : [m.patrol_error_invalid()];
}
