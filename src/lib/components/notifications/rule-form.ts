import { NOTICE_KINDS, type NoticeKind } from '$lib/domain/notification/model';
import type { NotificationRule } from '$lib/domain/notification/rules';

/**
 * A person's notification settings as a form: one row per kind (the channels it also goes out
 * on, and whether it repeats until acknowledged), and back into the rules PUT
 * /api/notification-rules takes. A kind without a rule reaches them in the bell only.
 */

export type OwnRule = Omit<NotificationRule, 'user'>;

export interface RuleRow {
	kind: NoticeKind;
	channels: string[];
	repeat: boolean;
	/** Minutes between repeats, as typed. */
	minutes: string;
}

/** What the minutes box shows before anyone picks: a quarter of an hour. */
export const DEFAULT_REPEAT_MINUTES = 15;
export const REPEAT_MINUTES_MAX = 1440;

/** A row per kind, in the kinds' order, from the person's saved rules. */
export function rowsOfRules(rules: readonly OwnRule[]): RuleRow[] {
	return NOTICE_KINDS.map((kind) => {
		const rule = rules.find((r) => r.kind === kind);
		return { kind, channels: [...(rule?.channels ?? [])], repeat: (rule?.repeatEvery ?? null) !== null, minutes: String(rule?.repeatEvery ?? DEFAULT_REPEAT_MINUTES) };
	});
}

/**
 * The rules to save, only for rows that ask for something; or the kinds whose minutes are not a
 * whole number from 1 to REPEAT_MINUTES_MAX.
 */
export function rulesOfRows(rows: readonly RuleRow[]): { ok: true; rules: OwnRule[] } | { ok: false; invalid: NoticeKind[] } {
	const minutes = (r: RuleRow) => (/^\d+$/.test(r.minutes.trim()) ? Number(r.minutes.trim()) : Number.NaN);
	const invalid = rows.filter((r) => r.repeat && !(minutes(r) >= 1 && minutes(r) <= REPEAT_MINUTES_MAX)).map((r) => r.kind);
	if (invalid.length) return { ok: false, invalid };
	const rules = rows
		.filter((r) => r.channels.length || r.repeat)
		.map((r) => ({ kind: r.kind, channels: [...new Set(r.channels)], repeatEvery: r.repeat ? minutes(r) : null }));
	return { ok: true, rules };
}
