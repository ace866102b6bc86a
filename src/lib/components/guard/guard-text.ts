import type { FindingCategory } from '$lib/domain/guard/phone-input';
import type { PhoneCheckpointState } from '$lib/domain/guard/phone-round';
import type { GuardSnapshot } from '$lib/domain/guard/snapshot';
import type { LocalizedName, Locale } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { checkpointStateNames } from '../patrol/checkpoint-state-text';
import type { OutboxKind } from './phone-store';

/** A checkpoint's state on the phone, in the reader's language: the round's words, and "waiting to send". */
export const phoneCheckpointStateNames: Record<PhoneCheckpointState, () => string> = {
	...checkpointStateNames,
	waiting: m.guard_checkpoint_waiting
};

export const findingCategoryNames: Record<FindingCategory, () => string> = {
	damage: m.guard_finding_damage,
	leak: m.guard_finding_leak,
	lighting: m.guard_finding_lighting,
	obstruction: m.guard_finding_obstruction,
	hazard: m.guard_finding_hazard,
	hygiene: m.guard_finding_hygiene,
	security: m.guard_finding_security,
	other: m.guard_finding_other
};

export const outboxKindNames: Record<OutboxKind, () => string> = {
	scan: m.guard_item_scan,
	finding: m.guard_item_finding,
	panic: m.guard_item_panic,
	'check-in': m.guard_item_check_in,
	accept: m.guard_item_accept
};

/** How the guard page names things on its site, in one language. */
export interface PhoneNames {
	checkpoint(id: string | null): string;
	route(id: string): string;
	/** An instant as HH:MM:SS on the site's clock (a guard reads times as the site's). */
	time(iso: string): string;
	/** HH:MM on the site's clock. */
	clock(iso: string): string;
}

export function createPhoneNames(snapshot: Pick<GuardSnapshot, 'checkpoints' | 'site'> | null, routeNames: Record<string, LocalizedName>, locale: Locale): PhoneNames {
	const checkpoints = new Map((snapshot?.checkpoints ?? []).map((c) => [c.id, c.name[locale]]));
	const timeZone = snapshot?.site.timeZone;
	// h23, not hour12: false, which some locales read as h24 ("24:05" past midnight).
	const seconds = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
	const minutes = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	return {
		checkpoint: (id) => (id === null ? m.guard_no_checkpoint() : (checkpoints.get(id) ?? id)),
		route: (id) => routeNames[id]?.[locale] ?? id,
		time: (iso) => seconds.format(new Date(iso)),
		clock: (iso) => minutes.format(new Date(iso))
	};
}
