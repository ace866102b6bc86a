import { io, type Socket } from 'socket.io-client';
import type { GuardSnapshot } from '$lib/domain/guard/snapshot';
import type { ClientToServerEvents, HandshakeError, ServerToClientEvents } from '$lib/realtime/contract';
import { loadSnapshot, saveSnapshot } from './phone-store';

/** `live`: the socket is up; `offline`: it is not (the page shows the last snapshot it has). */
export type PhoneConnection = 'connecting' | 'live' | 'offline';

/** Why the server will not give this account the guard page (its 403's reason). */
export type GuardRefusal = 'not_linked' | 'other_site' | 'signed_out';

/** A snapshot request that gets no answer in this long is given up (the page keeps what it shows). */
const SNAPSHOT_TIMEOUT_MS = 10_000;
/** A socket not up by then is shown as offline: a dead link holds the handshake (socket.io waits 20 s) instead of failing it. */
const CONNECTING_SHOWN_MS = 5_000;
/** A handshake refused for a passing reason is tried again after this (socket.io does not by itself). */
const REFUSED_RETRY_MS = 5_000;

/**
 * The guard page's live state: the snapshot (`GET /api/sites/{site}/guard`), kept in IndexedDB
 * for a reload without network; the socket, whose `guard:changed` nudge (and every reconnect)
 * makes it fetch the snapshot again; and the clock, ticked each second and set by the server's.
 */
export class GuardLive {
	snapshot = $state.raw<GuardSnapshot | null>(null);
	/** When the snapshot shown was answered by the server, ISO (older than now when read from the phone's store). */
	snapshotAt = $state<string | null>(null);
	connection = $state<PhoneConnection>('connecting');
	refusal = $state<GuardRefusal | null>(null);
	/** The phone's clock, each second, ms. */
	now = $state(Date.now());
	/** Server time minus the phone's, ms, from the last snapshot: countdowns run on the server's clock. */
	clockOffsetMs = $state(0);

	#site: string;
	#user: string;
	#onReconnect: () => void;
	#onSnapshot: (snapshot: GuardSnapshot) => void;
	#loading: Promise<void> | null = null;
	#again = false;

	/** `onReconnect`: the socket is back (the server is reachable again); `onSnapshot`: a snapshot was shown, from the server or the phone's store. */
	constructor(opts: { site: string; user: string; onReconnect: () => void; onSnapshot: (snapshot: GuardSnapshot) => void }) {
		this.#site = opts.site;
		this.#user = opts.user;
		this.#onReconnect = opts.onReconnect;
		this.#onSnapshot = opts.onSnapshot;
	}

	/** The server's now, as well as the phone can tell. */
	get serverNow(): number {
		return this.now + this.clockOffsetMs;
	}

	start(): () => void {
		void loadSnapshot(this.#user, this.#site).then((kept) => {
			// The network may have answered first: a snapshot kept earlier never replaces a newer one.
			if (kept && !this.snapshot) {
				this.snapshot = kept.snapshot;
				this.snapshotAt = kept.savedAt;
				this.#onSnapshot(kept.snapshot);
			}
		});
		void this.refresh();
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'] });
		let retry: ReturnType<typeof setTimeout> | undefined;
		socket.on('connect', () => {
			this.connection = 'live';
			void this.refresh();
			this.#onReconnect();
		});
		socket.on('disconnect', (reason) => {
			this.connection = 'offline';
			if (reason === 'io server disconnect' && this.refusal !== 'signed_out') socket.connect();
		});
		socket.on('session:ended', () => {
			this.refusal = 'signed_out';
			socket.close();
		});
		socket.on('connect_error', (err) => {
			this.connection = 'offline';
			if (err.message === ('unauthenticated' satisfies HandshakeError)) return;
			if (!socket.active) retry = setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
		});
		socket.on('guard:changed', ({ site }) => {
			if (site === this.#site) void this.refresh();
		});
		const clock = setInterval(() => (this.now = Date.now()), 1000);
		const connecting = setTimeout(() => {
			if (this.connection === 'connecting') this.connection = 'offline';
		}, CONNECTING_SHOWN_MS);
		return () => {
			clearInterval(clock);
			clearTimeout(connecting);
			clearTimeout(retry);
			socket.close();
		};
	}

	/** Fetch the snapshot again; calls made while one is in flight make one more fetch after it, not one each. */
	refresh(): Promise<void> {
		if (this.#loading) {
			this.#again = true;
			return this.#loading;
		}
		this.#loading = (async () => {
			do {
				this.#again = false;
				await this.#fetch();
			} while (this.#again);
		})().finally(() => (this.#loading = null));
		return this.#loading;
	}

	async #fetch(): Promise<void> {
		let r: Response;
		try {
			r = await fetch(`/api/sites/${encodeURIComponent(this.#site)}/guard`, { signal: AbortSignal.timeout(SNAPSHOT_TIMEOUT_MS), headers: { accept: 'application/json' } });
		} catch {
			return;
		}
		if (r.status === 401) this.refusal = 'signed_out';
		if (r.status === 403) {
			const body = (await r.json().catch(() => null)) as { reason?: string } | null;
			this.refusal = body?.reason === 'other_site' ? 'other_site' : 'not_linked';
		}
		if (!r.ok) return;
		const snapshot = (await r.json().catch(() => null)) as GuardSnapshot | null;
		if (!snapshot) return;
		this.clockOffsetMs = Date.parse(snapshot.now) - Date.now();
		if (this.snapshot && snapshot.seq < this.snapshot.seq) return;
		this.snapshot = snapshot;
		this.snapshotAt = snapshot.now;
		this.refusal = null;
		this.#onSnapshot(snapshot);
		await saveSnapshot(this.#user, snapshot).catch(() => undefined);
	}
}
