import { EventEmitter } from 'node:events';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Sql } from '../db/client';
import { appendBatch } from '../event-log/append';
import { isTransientDbError } from '../db/errors';
import type { ProjectionUpdates, WriteItem, WriteOutcome } from '../event-log/types';
import type { Projection } from '../event-log/projection';
import type { CommittedBus } from '../event-log/bus';
import type { EventEnvelope } from '$lib/domain/events';

interface Pending {
	item: WriteItem;
	resolve: (o: WriteOutcome) => void;
	reject: (e: Error) => void;
	/** When it was queued (ms), for the age of the oldest waiting input. */
	queuedAt: number;
}

export class WriterStoppedError extends Error {
	constructor() {
		super('writer stopped before the input was committed');
	}
}

/**
 * A commit that neither succeeds nor fails in time (a connection the driver never settles) is
 * abandoned and retried: the log's dedupe makes a late success of the abandoned attempt harmless,
 * and the publisher fills any broadcast it missed.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(Object.assign(new Error(`commit took longer than ${ms} ms`), { code: 'DEADLINE' })), ms);
	});
	work.catch(() => undefined); // an abandoned attempt may still fail later
	return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The single writer. Inputs queue up while a commit is in flight and go together in the
 * next transaction (group commit), so batches grow with load and latency stays one
 * commit at low load. While the database is unreachable it retries with back-off and
 * emits `health` false; nothing is acknowledged meanwhile. A batch the database rejects
 * for its data is split until the poisonous input is found and dead-lettered.
 */
const isUrgent = (item: WriteItem) =>
	item.kind === 'status' || (item.kind === 'event' && (item.event.type === 'AlarmRaised' || item.event.type === 'AlarmCleared'));

/**
 * The next batch from a queue: all of it up to `max`; past that, alarms and device status
 * first, then the oldest of the rest. Each lane keeps its order.
 */
export function takeBatch<T>(queue: T[], max: number, itemOf: (t: T) => WriteItem): { batch: T[]; rest: T[] } {
	if (queue.length <= max) return { batch: queue.slice(), rest: [] };
	const urgent: T[] = [];
	const rest: T[] = [];
	for (const t of queue) (urgent.length < max && isUrgent(itemOf(t)) ? urgent : rest).push(t);
	return { batch: urgent.concat(rest.splice(0, max - urgent.length)), rest };
}

export class IngestWriter extends EventEmitter<{ health: [boolean] }> {
	#queue: Pending[] = [];
	#running = false;
	#stopped = false;
	#healthy = true;
	#lastCommitAt: Date | null = null;
	/** Batches in a commit under way. */
	#inFlight = new Set<Pending[]>();
	#idle: (() => void)[] = [];
	/** Batches left to look duplicates up before inserting (see appendBatch). */
	#lookUpDuplicates = 0;

	constructor(
		private readonly deps: {
			sql: Sql;
			log: Logger;
			metrics: Metrics;
			/** The registry, kept current in each batch's transaction. */
			projections: readonly Projection[];
			/** Where committed batches are announced. */
			bus?: CommittedBus;
			/** The runtime clock: each batch's commit time. */
			clock: { now(): Date };
			maxBatch?: number;
			deadlineMs?: number;
			concurrency?: number;
		}
	) {
		super();
		deps.metrics.writerHealthy.set(1);
	}

	get healthy(): boolean {
		return this.#healthy;
	}

	get lastCommitAt(): Date | null {
		return this.#lastCommitAt;
	}

	get backlog(): number {
		return this.#queue.length;
	}

	/** Inputs not yet committed: queued, and in a commit under way. */
	get waiting(): number {
		let n = this.#queue.length;
		for (const batch of this.#inFlight) n += batch.length;
		return n;
	}

	/** When the input waiting longest was queued, or null when none waits: how the watchdog tells a stalled writer from a busy one. */
	get oldestWaitingAt(): Date | null {
		// The queue keeps arrival order (a batch takes urgent inputs from anywhere in it, leaving the rest in order).
		let oldest = this.#queue[0]?.queuedAt ?? Infinity;
		for (const batch of this.#inFlight) for (const p of batch) oldest = Math.min(oldest, p.queuedAt);
		return oldest === Infinity ? null : new Date(oldest);
	}

	/** Queue an input; resolves after its transaction committed (or rejects if stopped first). */
	write(item: WriteItem): Promise<WriteOutcome> {
		if (this.#stopped) return Promise.reject(new WriterStoppedError());
		return new Promise((resolve, reject) => {
			this.#queue.push({ item, resolve, reject, queuedAt: Date.now() });
			if (!this.#running) {
				this.#running = true;
				setImmediate(() => void this.#drain());
			}
		});
	}

	/** Resolves when the queue is empty and no commit is in flight. */
	waitIdle(): Promise<void> {
		if (!this.#running && this.#queue.length === 0) return Promise.resolve();
		return new Promise((r) => this.#idle.push(r));
	}

	/** Stop taking input; finish what is queued for up to `graceMs`, then give the rest up. */
	async stop(graceMs = 10_000): Promise<void> {
		this.#stopped = true;
		const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
		if ((await Promise.race([this.waitIdle(), timer])) === 'timeout') {
			for (const p of this.#queue.splice(0)) p.reject(new WriterStoppedError());
		}
	}

	/**
	 * Commit batches until the queue is empty, up to `concurrency` transactions at a time: while
	 * one waits on the database the next batch is already on its way. Seqs stay gap-free and in
	 * commit order whatever the overlap, because each stream's head is locked (in stream order, so
	 * two batches never deadlock) until its transaction ends.
	 */
	async #drain(): Promise<void> {
		const max = this.deps.maxBatch ?? 500;
		const concurrency = this.deps.concurrency ?? 1;
		const inFlight = new Set<Promise<void>>();
		while (this.#queue.length || inFlight.size) {
			if (this.#queue.length && inFlight.size < concurrency) {
				const batch = this.#take(max);
				this.#inFlight.add(batch);
				const commit: Promise<void> = this.#commit(batch).finally(() => {
					inFlight.delete(commit);
					this.#inFlight.delete(batch);
				});
				inFlight.add(commit);
				// Let what arrives meanwhile gather into the next batch.
				await new Promise((r) => setImmediate(r));
				continue;
			}
			await Promise.race(inFlight);
		}
		this.#running = false;
		for (const r of this.#idle.splice(0)) r();
	}

	/**
	 * The next batch: everything queued, up to `max`. Past that, alarms and device status go
	 * first (their own lane), so an alarm never waits behind a backlog of scans; each lane
	 * keeps its own order.
	 */
	#take(max: number): Pending[] {
		const { batch, rest } = takeBatch(this.#queue, max, (p) => p.item);
		this.#queue = rest;
		return batch;
	}

	async #commit(batch: Pending[]): Promise<void> {
		let delay = 100;
		for (let attempt = 1; ; attempt++) {
			try {
				const lookUpDuplicates = this.#lookUpDuplicates > 0;
				const result = await withDeadline(appendBatch(this.deps.sql, batch.map((p) => p.item), { lookUpDuplicates, projections: this.deps.projections, now: this.deps.clock.now() }), this.deps.deadlineMs ?? 12_000);
				// Where there was one duplicate (a device resending), more tend to follow: look them up first for a while.
				if (result.duplicatesFound) this.#lookUpDuplicates = 20;
				else if (lookUpDuplicates) this.#lookUpDuplicates--;
				this.#setHealthy(true);
				this.#afterCommit(batch, result.outcomes, result.envelopes, result.updates);
				return;
			} catch (err) {
				if (isTransientDbError(err)) {
					this.#setHealthy(false, err);
					const code = (err as { code?: string }).code;
					if (attempt % 10 === 0) this.deps.log.warn({ attempt, code, backlog: this.#queue.length + batch.length }, 'still retrying the commit');
					else this.deps.log.debug({ attempt, code }, 'commit failed; retrying');
					if (this.#stopped && this.#queue.length === 0 && delay > 2000) {
						// Shutting down with the database gone: give up; unacknowledged inputs will be redelivered.
						for (const p of batch) p.reject(new WriterStoppedError());
						return;
					}
					await new Promise((r) => setTimeout(r, delay));
					delay = Math.min(delay * 2, 5000);
					continue;
				}
				await this.#isolate(batch, err);
				return;
			}
		}
	}

	/** The database refused the batch for its content: split it to find the input at fault. */
	async #isolate(batch: Pending[], err: unknown): Promise<void> {
		if (batch.length > 1) {
			const half = Math.ceil(batch.length / 2);
			await this.#commit(batch.slice(0, half));
			await this.#commit(batch.slice(half));
			return;
		}
		const [p] = batch;
		const code = (err as { code?: string }).code ?? 'unknown';
		this.deps.log.warn({ code, err }, 'database rejected an input; dead-lettering it');
		if (p.item.kind === 'dead') {
			p.reject(err as Error); // a dead letter itself refused: nothing safer to do than surface it
			return;
		}
		const { origin } = p.item;
		const site = p.item.kind === 'event' ? p.item.event.stream : p.item.status.site;
		const device = p.item.kind === 'event' ? p.item.event.sourceId : p.item.status.device;
		const receivedAt = p.item.kind === 'event' ? p.item.event.receivedAt : p.item.status.receivedAt;
		p.item = {
			kind: 'dead',
			letter: { receivedAt, channel: origin.channel, topic: origin.topic, site, device, reason: `rejected by the database (${code})`, raw: origin.raw }
		};
		await this.#commit([p]);
	}

	#afterCommit(batch: Pending[], outcomes: WriteOutcome[], envelopes: EventEnvelope[], updates: ProjectionUpdates): void {
		const now = Date.now();
		const { metrics } = this.deps;
		this.#lastCommitAt = new Date(now);
		metrics.batchSize.observe(batch.length);
		for (let i = 0; i < batch.length; i++) {
			const { item } = batch[i];
			const received = item.kind === 'event' ? item.event.receivedAt : item.kind === 'status' ? item.status.receivedAt : item.letter.receivedAt;
			metrics.commitLatency.observe((now - received.getTime()) / 1000);
			const o = outcomes[i];
			if (o.status === 'duplicate') metrics.duplicates.inc();
			else if (o.status === 'rejected') metrics.deadLetters.inc({ channel: item.kind === 'dead' ? item.letter.channel : item.origin.channel });
		}
		for (const e of envelopes) metrics.eventsIngested.inc({ type: e.type });
		this.deps.bus?.publish({ envelopes, updates });
		for (let i = 0; i < batch.length; i++) batch[i].resolve(outcomes[i]);
	}

	#setHealthy(healthy: boolean, err?: unknown): void {
		if (healthy === this.#healthy) return;
		this.#healthy = healthy;
		this.deps.metrics.writerHealthy.set(healthy ? 1 : 0);
		if (healthy) this.deps.log.info('database reachable again; resuming commits');
		else this.deps.log.error({ err }, 'database unreachable; holding inputs unacknowledged and retrying');
		this.emit('health', healthy);
	}
}
