import {
	initialWatchdogState,
	observeAppStopped,
	observeHealth,
	REPEAT_MS,
	STALL_MS,
	STARTUP_GRACE_MS,
	UNREACHABLE_POLLS,
	type WatchdogAlert,
	type WatchdogSettings,
	type WatchdogState
} from '$lib/domain/notification/watchdog';
import type { LocalizedName } from '$lib/domain/site/model';
import type { WatchdogConfig } from '../../config';
import type { Logger } from '../../log';
import { AlertSender, type SendThrough } from './alert-sender';
import { readWatchdogChannels } from './channels-file';
import { readHealth, type HealthTarget } from './read-health';
import { keepTroubles, readKeptTroubles } from './state-file';

/** How long a dying app's last alert may take to go out, retries included, before the watchdog exits anyway. */
const LAST_WORDS_MS = 20_000;

/**
 * The watchdog's loop, in its own process: asks the app's health check every interval, folds the
 * answer (or the silence) into its state with the pure rule (`observeHealth`), and sends what that
 * says to the channels the app listed in its data folder. Nothing here reads the database.
 */
export class Watchdog {
	#state: WatchdogState;
	#target: HealthTarget | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;
	#names = new Map<string, LocalizedName>();
	#sender: AlertSender;
	readonly settings: WatchdogSettings;

	constructor(
		private readonly deps: {
			config: WatchdogConfig;
			log: Logger;
			send: SendThrough;
			now?: () => Date;
		}
	) {
		const { config } = deps;
		this.settings = { graceMs: config.graceMs, repeatMs: REPEAT_MS, unwatchedMs: config.unwatchedMs, stallMs: STALL_MS, unreachablePolls: UNREACHABLE_POLLS, startupGraceMs: STARTUP_GRACE_MS };
		this.#state = initialWatchdogState(this.#now());
		this.#sender = new AlertSender({
			send: deps.send,
			log: deps.log,
			render: { siteName: (site, locale) => this.#names.get(site)?.[locale] ?? site, origin: config.origin }
		});
	}

	/** Take up what the last watchdog left (a stopped app it told of), then poll once the target is known. */
	async start(): Promise<void> {
		this.#state = initialWatchdogState(this.#now(), await readKeptTroubles(this.deps.config.dataDir));
		this.#schedule(0);
	}

	/** Where the app answers (sent by the host at start, and again once it listens). */
	setTarget(target: HealthTarget): void {
		this.#target = target;
	}

	/** Stop polling; resolves when the alerts under way are sent (or after `waitMs`). */
	async stop(waitMs = 5_000): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		await Promise.race([this.#sender.sendDue(), delay(waitMs)]);
	}

	/** The app died without saying so: tell it (at once, retrying for a while), keep it for the next watchdog, and stop. */
	async appStopped(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		const { state, alerts } = observeAppStopped(this.#state, this.#now(), this.settings);
		this.#state = state;
		await keepTroubles(this.deps.config.dataDir, Object.values(state.troubles)).catch((err) => this.deps.log.warn({ err }, 'watchdog state not kept'));
		this.deps.log.error({ told: alerts.length > 0 }, 'the app process ended without stopping cleanly');
		await this.#tell(alerts);
		const deadline = Date.now() + LAST_WORDS_MS;
		while (this.#sender.pending > 0 && Date.now() < deadline) {
			await delay(500);
			await this.#sender.sendDue();
		}
	}

	/** One health check and what follows from it. */
	async tick(): Promise<void> {
		if (!this.#target) return;
		const answer = await readHealth(this.#target, Math.max(5_000, this.deps.config.intervalMs));
		if (this.#stopped) return;
		for (const [id, name] of answer.names) this.#names.set(id, name);
		const before = this.#state;
		const { state, alerts } = observeHealth(before, answer.observation, this.#now(), this.settings);
		this.#state = state;
		if (alerts.some((a) => a.trouble.kind === 'app_stopped')) {
			await keepTroubles(this.deps.config.dataDir, Object.values(state.troubles)).catch((err) => this.deps.log.warn({ err }, 'watchdog state not kept'));
		}
		void this.#tell(alerts);
		void this.#sender.sendDue();
	}

	async #tell(alerts: readonly WatchdogAlert[]): Promise<void> {
		if (!alerts.length) return;
		for (const a of alerts) this.deps.log.warn({ trouble: a.trouble.kind, site: a.trouble.site ?? undefined, phase: a.phase, since: a.trouble.since }, 'watchdog: control room trouble');
		const { channels, problems } = await readWatchdogChannels(this.deps.config.dataDir);
		if (problems.length) this.deps.log.error({ problems }, 'watchdog channels file: entries left out');
		if (!channels.length) return void this.deps.log.warn('watchdog: no channel takes watchdog alerts; nobody is told');
		await this.#sender.send(alerts, channels);
	}

	#schedule(ms: number): void {
		if (this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.tick()
				.catch((err) => this.deps.log.error({ err }, 'watchdog: a check failed'))
				.finally(() => this.#schedule(this.deps.config.intervalMs));
		}, ms);
	}

	#now(): Date {
		return this.deps.now?.() ?? new Date();
	}
}

// Held (not unref'd): after the app died, these timers are what keeps the process alive for its last retries.
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
