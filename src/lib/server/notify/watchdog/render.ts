import { m } from '$lib/paraglide/messages.js';
import { NOTIFICATION_SEVERITY, WATCHDOG_KIND } from '$lib/domain/notification/model';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { TroubleKind, WatchdogAlert } from '$lib/domain/notification/watchdog';
import type { Locale } from '$lib/domain/site/model';

type Words = (inputs: { duration: string; site: string; count: number }, options: { locale: Locale }) => string;

const TITLES: Record<TroubleKind, Words> = {
	database_down: m.watchdog_title_database_down,
	ingest_stalled: m.watchdog_title_ingest_stalled,
	app_unreachable: m.watchdog_title_app_unreachable,
	site_unwatched: m.watchdog_title_site_unwatched,
	app_stopped: m.watchdog_title_app_stopped
};
const TEXTS: Record<TroubleKind, Words> = {
	database_down: m.watchdog_text_database_down,
	ingest_stalled: m.watchdog_text_ingest_stalled,
	app_unreachable: m.watchdog_text_app_unreachable,
	site_unwatched: m.watchdog_text_site_unwatched,
	app_stopped: m.watchdog_text_app_stopped
};

/** A span in words: seconds up to two minutes, minutes up to two hours, then hours. */
export function durationLabel(ms: number, locale: Locale): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 120) return m.watchdog_duration_seconds({ n: s }, { locale });
	if (s < 7200) return m.watchdog_duration_minutes({ n: Math.floor(s / 60) }, { locale });
	return m.watchdog_duration_hours({ n: Math.floor(s / 3600) }, { locale });
}

export interface RenderContext {
	/** A site's name in a language (its id when the watchdog never heard its names). */
	siteName(site: string, locale: Locale): string;
	/** The public origin, for a link to the console; none without it. */
	origin?: string;
}

/**
 * A watchdog alert in a channel's language: the trouble's title (with the reminder's number on a
 * repeat, "Recovered: …" when it cleared), how long it has lasted, at the watchdog's severity
 * (critical) or `info` for a recovery. Its kind is `watchdog_<trouble>`, `…_recovered` when it cleared.
 */
export function renderAlert(alert: WatchdogAlert, locale: Locale, ctx: RenderContext): OutboundMessage {
	const { trouble, phase } = alert;
	const o = { locale };
	const words = {
		duration: durationLabel(Date.parse(alert.at) - Date.parse(trouble.since), locale),
		site: trouble.site === null ? '' : ctx.siteName(trouble.site, locale),
		count: trouble.waiting ?? 0
	};
	const title = TITLES[trouble.kind](words, o);
	const path = trouble.site === null ? '/' : `/?site=${encodeURIComponent(trouble.site)}`;
	const recovered = phase === 'recovered';
	return {
		title: recovered ? m.watchdog_title_recovered({ title }, o) : title + (phase === 'repeated' ? m.notify_repeat_suffix({ n: trouble.told - 1 }, o) : ''),
		text: recovered ? m.watchdog_text_recovered({ duration: words.duration }, o) : TEXTS[trouble.kind](words, o),
		severity: recovered ? 'info' : NOTIFICATION_SEVERITY[WATCHDOG_KIND],
		link: ctx.origin ? `${ctx.origin}${path}` : null,
		at: alert.at,
		kind: `${WATCHDOG_KIND}_${trouble.kind}${recovered ? '_recovered' : ''}`
	};
}
