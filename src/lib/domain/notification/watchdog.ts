/**
 * The watchdog's rule: from what the app's health check says (or that it said nothing), which
 * troubles of the control room itself start, repeat and clear. Pure, no I/O: the watchdog process
 * polls, keeps the state, and sends what this returns to the channels that take `watchdog`.
 *
 * A trouble is told once when it has lasted its grace (a blip pages nobody), again every
 * `repeatMs` while it lasts, and once more when it clears ("recovered"); one that clears within
 * its grace is never told. What a reading cannot tell about (the app did not answer: the database
 * may be up or down) stays as it was.
 */

export const TROUBLE_KINDS = ['database_down', 'ingest_stalled', 'app_unreachable', 'site_unwatched', 'app_stopped'] as const;
export type TroubleKind = (typeof TROUBLE_KINDS)[number];

export interface WatchdogSettings {
	/** How long a trouble lasts before it is told. Not for `site_unwatched` (its wait is `unwatchedMs`) nor `app_stopped` (told at once). */
	graceMs: number;
	/** A trouble still on is told again this long after it was last told. */
	repeatMs: number;
	/** A site with no console this long is unwatched; 0 turns the check off. */
	unwatchedMs: number;
	/** Messages waiting this long with no commit this long: ingest has stalled. */
	stallMs: number;
	/** Failed health checks in a row before the app counts as unreachable. */
	unreachablePolls: number;
	/** Before the app first answers (starting, migrating), how long it may stay silent. */
	startupGraceMs: number;
}

export const REPEAT_MS = 60 * 60_000;
export const STALL_MS = 30_000;
export const UNREACHABLE_POLLS = 3;
export const STARTUP_GRACE_MS = 120_000;

/** One site as the health check reports it to the watchdog. */
export interface SiteWatch {
	id: string;
	/** Live pages (consoles, walls) joined to the site's room. */
	consoles: number;
	/** Since when it has had none (ISO), or null while it has some. */
	unwatchedSince: string | null;
}

/** What the watchdog reads from `/api/health`. */
export interface HealthReading {
	database: boolean;
	broker: boolean;
	ingest: { waiting: number; oldestWaitingAt: string | null; lastCommitAt: string | null };
	/** Null when the app did not tell (the watchdog's token was not taken). */
	sites: SiteWatch[] | null;
}

export type Observation = { reachable: true; health: HealthReading } | { reachable: false };

export interface Trouble {
	kind: TroubleKind;
	/** The site, for `site_unwatched`; else null. */
	site: string | null;
	/** When it began (ISO). */
	since: string;
	/** When it was last told (ISO), or null while in its grace. */
	toldAt: string | null;
	/** Times told: 1 after the start, one more per repeat. */
	told: number;
	/** `ingest_stalled`: messages waiting when last seen. */
	waiting?: number;
}

export interface WatchdogState {
	startedAt: string;
	/** The app answered at least once since the watchdog started. */
	answered: boolean;
	failedPolls: number;
	/** The first failed check of the current run of failures (ISO), or null. */
	failingSince: string | null;
	troubles: Record<string, Trouble>;
}

export interface WatchdogAlert {
	phase: 'started' | 'repeated' | 'recovered';
	trouble: Trouble;
	at: string;
	/** The same for every send of this alert: the delivery id receivers drop repeats by. */
	id: string;
}

export const troubleKey = (kind: TroubleKind, site: string | null = null): string => (site === null ? kind : `${kind}:${site}`);

export function initialWatchdogState(now: Date, kept: readonly Trouble[] = []): WatchdogState {
	return { startedAt: now.toISOString(), answered: false, failedPolls: 0, failingSince: null, troubles: Object.fromEntries(kept.map((t) => [troubleKey(t.kind, t.site), t])) };
}

const alertOf = (phase: WatchdogAlert['phase'], trouble: Trouble, now: Date): WatchdogAlert => ({
	phase,
	trouble,
	at: now.toISOString(),
	id: `watchdog-${troubleKey(trouble.kind, trouble.site)}-${Date.parse(trouble.since)}-${phase === 'recovered' ? 'r' : trouble.told}`
});

const graceOf = (kind: TroubleKind, s: WatchdogSettings): number => (kind === 'site_unwatched' || kind === 'app_stopped' ? 0 : s.graceMs);
const age = (iso: string | null, now: Date): number => (iso === null ? Infinity : now.getTime() - Date.parse(iso));

interface Seen {
	kind: TroubleKind;
	site: string | null;
	since: string;
	waiting?: number;
}

/** What one observation shows, and which keys it can tell about (the others stay as they were). */
function read(state: WatchdogState, obs: Observation, now: Date, s: WatchdogSettings): { seen: Seen[]; knows: (key: string, t: Trouble) => boolean } {
	const at = now.toISOString();
	if (!obs.reachable) {
		const since = state.failingSince ?? at;
		const silent = state.failedPolls >= s.unreachablePolls && (state.answered || age(state.startedAt, now) >= s.startupGraceMs);
		return { seen: silent ? [{ kind: 'app_unreachable', site: null, since }] : [], knows: (_, t) => t.kind === 'app_unreachable' };
	}
	const { health } = obs;
	const seen: Seen[] = [];
	if (!health.database) seen.push({ kind: 'database_down', site: null, since: at });
	const { waiting, oldestWaitingAt, lastCommitAt } = health.ingest;
	if (health.database && health.broker && waiting > 0 && oldestWaitingAt !== null && age(oldestWaitingAt, now) >= s.stallMs && age(lastCommitAt, now) >= s.stallMs) {
		seen.push({ kind: 'ingest_stalled', site: null, since: at, waiting });
	}
	if (health.sites && s.unwatchedMs > 0) {
		for (const site of health.sites) {
			if (site.consoles === 0 && site.unwatchedSince !== null && age(site.unwatchedSince, now) >= s.unwatchedMs) {
				seen.push({ kind: 'site_unwatched', site: site.id, since: site.unwatchedSince });
			}
		}
	}
	// A reading without sites says nothing about them; one that does, says it of every site.
	return { seen, knows: (_, t) => t.kind !== 'site_unwatched' || health.sites !== null };
}

/**
 * The state after one health check at `now` (`obs`), and what to tell. Troubles the reading shows
 * start (or go on); troubles it can tell about and does not show clear.
 */
export function observeHealth(state: WatchdogState, obs: Observation, now: Date, s: WatchdogSettings): { state: WatchdogState; alerts: WatchdogAlert[] } {
	const polled: WatchdogState = obs.reachable
		? { ...state, answered: true, failedPolls: 0, failingSince: null }
		: { ...state, failedPolls: state.failedPolls + 1, failingSince: state.failingSince ?? now.toISOString() };
	const { seen, knows } = read(polled, obs, now, s);
	const alerts: WatchdogAlert[] = [];
	const troubles: Record<string, Trouble> = {};
	const shown = new Map(seen.map((x) => [troubleKey(x.kind, x.site), x]));
	for (const [key, t] of Object.entries(polled.troubles)) {
		if (shown.has(key) || !knows(key, t)) troubles[key] = t;
		else if (t.told > 0) alerts.push(alertOf('recovered', t, now));
	}
	for (const [key, x] of shown) {
		const before = troubles[key];
		troubles[key] = before ? { ...before, ...(x.waiting !== undefined ? { waiting: x.waiting } : {}) } : { ...x, toldAt: null, told: 0 };
	}
	for (const [key, t] of Object.entries(troubles)) {
		const due = t.told === 0 ? age(t.since, now) >= graceOf(t.kind, s) : age(t.toldAt, now) >= s.repeatMs;
		if (!due) continue;
		const told = { ...t, told: t.told + 1, toldAt: now.toISOString() };
		troubles[key] = told;
		alerts.push(alertOf(t.told === 0 ? 'started' : 'repeated', told, now));
	}
	return { state: { ...polled, troubles }, alerts };
}

/**
 * The app process ended without saying it would (killed, crashed, failed to start): told at once,
 * unless the same trouble was told less than `repeatMs` ago (an app that fails over and over is
 * one trouble, not a message per restart). It clears when the app next answers.
 */
export function observeAppStopped(state: WatchdogState, now: Date, s: WatchdogSettings): { state: WatchdogState; alerts: WatchdogAlert[] } {
	const key = troubleKey('app_stopped');
	const before = state.troubles[key];
	if (before && age(before.toldAt, now) < s.repeatMs) return { state, alerts: [] };
	const t: Trouble = before
		? { ...before, told: before.told + 1, toldAt: now.toISOString() }
		: { kind: 'app_stopped', site: null, since: now.toISOString(), toldAt: now.toISOString(), told: 1 };
	return { state: { ...state, troubles: { ...state.troubles, [key]: t } }, alerts: [alertOf(before ? 'repeated' : 'started', t, now)] };
}
