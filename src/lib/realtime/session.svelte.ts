import { io, type Socket } from 'socket.io-client';
import type { EventEnvelope, UnnumberedEnvelope } from '$lib/domain/events';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { mergeSequence } from '$lib/domain/sequence';
import { dayOf } from '$lib/domain/site/daily-counts';
import {
	HEARTBEAT_INTERVAL_MS,
	SNAPSHOT_LATEST,
	type ClientToServerEvents,
	type HandshakeError,
	type HeartbeatPayload,
	type SessionEndReason,
	type ServerToClientEvents,
	type SiteJoinResult,
	type SiteProjectionsPayload,
	type SiteSnapshot
} from './contract';
import { ConsoleState, FEED_LIMIT, newestFirst } from './console-state.svelte';
import { getSiteState, listEventsAfter, type FetchLike } from './site-state';

/** An alarm shown before it is stored: an envelope without a seq. */
export type PendingAlarm = UnnumberedEnvelope;
/** The stored event that replaces a pending alarm has the same site, source and id. */
const pendingKey = (e: PendingAlarm) => `${e.site}\u0000${e.source.id}\u0000${e.id}`;

export type ConnectionState = 'connecting' | 'live' | 'stale' | 'reconnecting' | 'resynced';

/** No heartbeat for this long, or no stored event for NOTHING_FLOWING_MS: the console says so. */
const HEARTBEAT_LOST_MS = HEARTBEAT_INTERVAL_MS * 3;
const NOTHING_FLOWING_MS = 2 * 60 * 1000;
const RESYNCED_SHOWN_MS = 8000;
/** A handshake refused for a passing reason (the database away) is tried again after this. */
const REFUSED_RETRY_MS = 5000;

/**
 * The page's session ended while it was open: the server said why (`session:ended`), or a
 * reconnect was refused as `unauthenticated` (`refused`). Nothing more arrives: the page must
 * say so rather than show a frozen picture.
 */
export type SignedOut = SessionEndReason | 'refused';

/** For views that react to events themselves (the console reloads a site's model after an import). */
export interface LiveObserver {
	/** Events just applied, in seq order, each once; the array is reused after: copy what you keep. */
	onEvents?: (site: string, events: readonly EventEnvelope[]) => void;
}

/**
 * The one live session of a page (the console's and the wall's alike): the socket's join,
 * catch-up and resync, applied strictly in seq order per site. A hole makes the site re-join
 * from its last seq (the join's ack brings the projections back if anything was missed); a
 * `resync` reloads the site's `state` and its latest events. Besides what `ConsoleState` holds:
 * the connection state, alarms not yet stored, and the clock, ticked each second, which also
 * turns each site's views over at its midnight.
 */
export class LiveSession extends ConsoleState {
	connection = $state<ConnectionState>('connecting');
	degraded = $state(false);
	lastIngestAt = $state<string | null>(null);
	/** How many events the last reconnect filled in. */
	filledIn = $state(0);
	/** Alarms received but not yet stored (`alarm:unconfirmed`), newest first, until their stored event arrives. */
	pending = $state<PendingAlarm[]>([]);
	/** Alarms shown as pending that the database then refused (dead-lettered), newest first. */
	rejected = $state<{ alarm: PendingAlarm; reasons: string[] }[]>([]);
	/** Set once the session has ended; the socket is closed and stays closed. */
	signedOut = $state<SignedOut | null>(null);

	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
	#lastHeartbeat = 0;
	#everConnected = false;
	/** Sites whose join is in flight, with the live packets that arrived meanwhile. */
	#catchingUp = new Map<string, { events: EventEnvelope[]; projections: SiteProjectionsPayload[] }>();
	#resyncedUntil = 0;
	/** Each site's local day at the last tick. */
	#days = new Map<string, string>();
	#observer: LiveObserver;
	#fetch: FetchLike;
	/** The duty shift is followed (`followShifts`): joined at every (re)connect. */
	#shifts = false;

	constructor(snapshots: SiteSnapshot[], observer: LiveObserver = {}, fetch: FetchLike = (url) => globalThis.fetch(url)) {
		super();
		this.#observer = observer;
		this.#fetch = fetch;
		for (const s of snapshots) {
			this.sites.set(s.id, { id: s.id, name: s.name, timeZone: s.timeZone, head: s.head });
			this.projections.load(s.id, s.head, s.projections);
		}
		this.feed = newestFirst(snapshots.flatMap((s) => s.latest));
		this.tick(this.now);
	}

	/**
	 * Move the clock to `now`. At a site's local midnight its projections' views turn over
	 * (yesterday's counts become the day before's and leave), with or without an event.
	 */
	tick(now = Date.now()): void {
		this.now = now;
		for (const site of this.sites.values()) {
			const day = dayOf(new Date(now), site.timeZone);
			const last = this.#days.get(site.id);
			this.#days.set(site.id, day);
			if (last !== undefined && last !== day) this.projections.refreshViews(site.id, new Date(now), { timeZone: site.timeZone });
		}
	}

	/** Open the socket and start the clock; returns the cleanup. */
	connect(): () => void {
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'] });
		this.#socket = socket;
		let retry: ReturnType<typeof setTimeout> | undefined;
		const end = (why: SignedOut) => {
			this.signedOut ??= why;
			clearTimeout(retry);
			socket.close();
		};
		socket.on('connect', () => void this.#joinAll(this.#everConnected));
		socket.on('disconnect', (reason) => {
			this.connection = 'reconnecting';
			// The server closed it without saying why (`session:ended` comes first when it does):
			// reconnect, and the handshake tells whether the session is still good.
			if (reason === 'io server disconnect' && !this.signedOut) socket.connect();
		});
		socket.on('session:ended', ({ reason }) => end(reason));
		socket.on('connect_error', (err) => {
			if (err.message === ('unauthenticated' satisfies HandshakeError)) return end('refused');
			// Refused by the server for a passing reason: socket.io does not retry a refusal by itself.
			if (!socket.active) retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
		});
		socket.io.on('reconnect_attempt', () => (this.connection = 'reconnecting'));
		socket.on('site:events', ({ site, events }) => this.#receive(site, events));
		socket.on('server:heartbeat', (h) => this.#heartbeat(h));
		socket.on('site:projections', (payload) => this.#receiveProjections(payload));
		socket.on('alarm:rejected', ({ alarm, reasons }) => {
			const key = pendingKey(alarm);
			if (!this.pending.some((p) => pendingKey(p) === key)) return;
			this.pending = this.pending.filter((p) => pendingKey(p) !== key);
			this.rejected = [{ alarm, reasons }, ...this.rejected].slice(0, FEED_LIMIT);
		});
		socket.on('alarm:unconfirmed', ({ alarm }) => {
			if (!this.sites.has(alarm.site) || this.pending.some((p) => pendingKey(p) === pendingKey(alarm))) return;
			this.pending = [alarm, ...this.pending].slice(0, FEED_LIMIT);
		});
		const clock = setInterval(() => {
			this.tick();
			this.#assess();
		}, 1000);
		return () => {
			clearInterval(clock);
			clearTimeout(retry);
			socket.close();
		};
	}

	/**
	 * Follow the duty shift too (a view of the system stream, `shifts` under SYSTEM_STREAM in the
	 * store): joined now if connected, and again at each reconnect, which reloads its rows.
	 */
	followShifts(): void {
		if (this.#shifts) return;
		this.#shifts = true;
		if (this.#socket?.connected) void this.#joinShifts();
	}

	async #joinShifts(): Promise<void> {
		const socket = this.#socket;
		if (!socket || this.#catchingUp.has(SYSTEM_STREAM)) return;
		this.#catchingUp.set(SYSTEM_STREAM, { events: [], projections: [] });
		try {
			const result = await socket.timeout(15_000).emitWithAck('shifts:join', {});
			if (result.ok) this.projections.load(SYSTEM_STREAM, result.data.head, result.data.projections);
		} catch {
			// Timed out: the next reconnect joins again.
		} finally {
			const buffered = this.#catchingUp.get(SYSTEM_STREAM)?.projections ?? [];
			this.#catchingUp.delete(SYSTEM_STREAM);
			for (const p of buffered) this.projections.apply(p);
		}
	}

	#heartbeat(h: HeartbeatPayload): void {
		this.#lastHeartbeat = Date.now();
		this.degraded = h.degraded;
		this.lastIngestAt = h.lastIngestAt;
		this.#assess();
	}

	#assess(): void {
		if (!this.#socket?.connected || this.#catchingUp.size > 0) return;
		const now = Date.now();
		const silent = now - this.#lastHeartbeat > HEARTBEAT_LOST_MS;
		const idle = !this.lastIngestAt || now - Date.parse(this.lastIngestAt) > NOTHING_FLOWING_MS;
		if (silent || idle) this.connection = 'stale';
		else this.connection = now < this.#resyncedUntil ? 'resynced' : 'live';
	}

	async #joinAll(reconnect: boolean): Promise<void> {
		this.#everConnected = true;
		this.#lastHeartbeat = Date.now();
		const before = this.#appliedCount();
		await Promise.all([...[...this.sites.keys()].map((id) => this.#join(id)), ...(this.#shifts ? [this.#joinShifts()] : [])]);
		if (reconnect) {
			this.filledIn = this.#appliedCount() - before;
			this.#resyncedUntil = Date.now() + RESYNCED_SHOWN_MS;
		}
		this.#assess();
	}

	#appliedCount(): number {
		let n = 0;
		for (const s of this.sites.values()) n += s.head;
		return n;
	}

	async #join(id: string): Promise<void> {
		const site = this.sites.get(id);
		const socket = this.#socket;
		if (!site || !socket || this.#catchingUp.has(id)) return;
		this.#catchingUp.set(id, { events: [], projections: [] });
		let gap = false;
		try {
			const result = await socket.timeout(15_000).emitWithAck('site:join', { site: id, after: site.head });
			if (result.ok) await this.#applyJoin(result.data);
		} catch {
			// Timed out: the next reconnect or gap re-joins.
		} finally {
			const buffered = this.#catchingUp.get(id) ?? { events: [], projections: [] };
			this.#catchingUp.delete(id);
			gap = this.#apply(id, buffered.events);
			// After the join's rows: the store skips packets those rows already reflect.
			for (const p of buffered.projections) this.projections.apply(p);
		}
		if (gap) void this.#join(id);
	}

	async #applyJoin(r: SiteJoinResult): Promise<void> {
		if (r.resync) return this.#resync(r.site);
		if (r.projections) this.projections.load(r.site, r.head, r.projections);
		this.#apply(r.site, r.events);
	}

	/** Too much was missed to catch up by events: the site's state now, and its latest events for the feed. */
	async #resync(id: string): Promise<void> {
		const state = await getSiteState(this.#fetch, id);
		const site = this.sites.get(id);
		if (!state || !site) return;
		const latest = await listEventsAfter(this.#fetch, id, Math.max(0, state.seq - SNAPSHOT_LATEST), SNAPSHOT_LATEST);
		this.sites.set(id, { ...site, timeZone: state.plan?.timeZone ?? site.timeZone, head: state.seq });
		this.projections.load(id, state.seq, state.projections);
		// Events past the state's seq come with the packets buffered meanwhile, in order.
		const shown = (latest?.events ?? []).filter((e) => e.seq <= state.seq);
		this.feed = newestFirst([...shown, ...this.feed.filter((e) => e.site !== id)]);
		this.#resyncedUntil = Date.now() + RESYNCED_SHOWN_MS;
	}

	#receiveProjections(payload: SiteProjectionsPayload): void {
		const buffer = this.#catchingUp.get(payload.site);
		if (buffer) buffer.projections.push(payload);
		else this.projections.apply(payload);
	}

	#receive(siteId: string, events: EventEnvelope[]): void {
		const buffer = this.#catchingUp.get(siteId);
		if (buffer) {
			buffer.events.push(...events);
			return;
		}
		const gap = this.#apply(siteId, events);
		if (gap) void this.#join(siteId);
	}

	/** Apply in seq order; returns true when a hole was found. */
	#apply(siteId: string, events: EventEnvelope[]): boolean {
		const site = this.sites.get(siteId);
		if (!site) return false;
		const { apply, last, gap } = mergeSequence(site.head, events);
		if (apply.length) {
			this.#observer.onEvents?.(siteId, apply);
			this.sites.set(siteId, { ...site, head: last });
			this.feed = [...apply.reverse(), ...this.feed].slice(0, FEED_LIMIT);
			if (this.pending.length) {
				const stored = new Set(apply.map(pendingKey));
				this.pending = this.pending.filter((p) => !stored.has(pendingKey(p)));
			}
			const newest = apply[0].receivedAt;
			if (!this.lastIngestAt || newest > this.lastIngestAt) this.lastIngestAt = newest;
			this.#assess();
		}
		return gap;
	}
}
