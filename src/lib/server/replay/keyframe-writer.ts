import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { Sql } from '../db/client';
import { siteProjectionsOf, type Projection } from '../event-log/projection';
import type { Committed } from '../event-log/types';
import type { Logger } from '../log';
import { insertKeyframe, readKeyframe } from './keyframes';
import { getDefaultTimeZone, replaySite } from './replay-log';

/**
 * Keeps each site's keyframes: one at every multiple of `every` seqs, and one at the head at
 * start-up, so a state read replays at most `every` events. Works after commits, off the write
 * path, one site at a time. Processes sharing a database may write the same keyframe: it is the
 * same state, and the second insert is skipped.
 */
export class KeyframeWriter {
	/** Site → the newest seq a keyframe is known at (or was asked for). */
	#known = new Map<string, number>();
	#due = new Map<string, { upTo: number; atEnd: boolean }>();
	#running: Promise<void> | null = null;
	#stopped = false;

	constructor(private readonly deps: { sql: Sql; registry: readonly Projection[]; every: number; log: Logger }) {}

	/** A keyframe at each site's head (and at the multiples of `every` below it that are missing). */
	async start(): Promise<void> {
		const heads = await this.deps.sql<{ stream: string; seq: number }[]>`select stream, seq from stream_head where stream <> ${SYSTEM_STREAM} and seq > 0`;
		for (const h of heads) this.#ask(h.stream, h.seq, true);
	}

	/** After a commit: a site that crossed a multiple of `every` gets its keyframe there. */
	noteCommitted(batch: Committed): void {
		const heads = new Map<string, number>();
		for (const e of batch.envelopes) if (e.site !== SYSTEM_STREAM) heads.set(e.site, Math.max(heads.get(e.site) ?? 0, e.seq));
		for (const [site, seq] of heads) {
			const known = this.#known.get(site) ?? 0;
			if (Math.floor(seq / this.deps.every) > Math.floor(known / this.deps.every)) this.#ask(site, seq, false);
		}
	}

	/** Finish the keyframe being written and write no more. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#due.clear();
		await this.#running;
	}

	#ask(site: string, upTo: number, atEnd: boolean): void {
		if (this.#stopped) return;
		this.#known.set(site, Math.max(this.#known.get(site) ?? 0, upTo));
		const due = this.#due.get(site);
		this.#due.set(site, { upTo: Math.max(due?.upTo ?? 0, upTo), atEnd: (due?.atEnd ?? false) || atEnd });
		this.#running ??= this.#drain().finally(() => (this.#running = null));
	}

	async #drain(): Promise<void> {
		while (this.#due.size && !this.#stopped) {
			const [site, job] = this.#due.entries().next().value!;
			this.#due.delete(site);
			try {
				await this.#write(site, job.upTo, job.atEnd);
			} catch (err) {
				// Keyframes only make reads faster: a failure leaves a longer stretch to replay, and the next crossing retries.
				this.deps.log.warn({ err, site }, 'keyframe not written');
			}
		}
	}

	async #write(site: string, upTo: number, atEnd: boolean): Promise<void> {
		const { sql, registry, every } = this.deps;
		const rules = siteProjectionsOf(registry).map((p) => p.rule);
		const from = await readKeyframe(sql, site, upTo, rules.map((r) => r.name));
		if (from && (from.seq === upTo || (!atEnd && Math.floor(from.seq / every) === Math.floor(upTo / every)))) return;
		const defaultTimeZone = await getDefaultTimeZone(sql, site);
		let last = from?.seq ?? 0;
		const replay = await replaySite(sql, rules, site, {
			from,
			upTo,
			defaultTimeZone,
			onEvent: (r, e) => {
				if (e.seq % every !== 0 || this.#stopped) return;
				last = e.seq;
				return insertKeyframe(sql, site, r.keyframe());
			}
		});
		if (atEnd && replay.seq > last && !this.#stopped) await insertKeyframe(sql, site, replay.keyframe());
	}
}
