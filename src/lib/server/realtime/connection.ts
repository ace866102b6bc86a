import type { BroadcastOperator, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import {
	CATCH_UP_LIMIT,
	HEARTBEAT_INTERVAL_MS,
	guardRoom,
	siteGuardsRoom,
	siteRoom,
	SHIFT_ROOM,
	SYSTEM_ROOM,
	type Ack,
	type HandshakeError,
	type ClientToServerEvents,
	type HeartbeatPayload,
	type ServerToClientEvents,
	type SessionEndReason,
	type ShiftsJoinResult,
	type SiteJoinResult
} from '$lib/realtime/contract';
import { canFollowShifts } from '$lib/domain/shift/model';
import type { Sql } from '../db/client';
import { getStreamHead, readEventsAfter } from '../event-log/read';
import { siteProjectionsOf, systemProjectionsOf, type Projection } from '../event-log/projection';
import { listProjectionRows } from '../domain/site/queries';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import { isSameOrigin } from '../auth/authorization';
import { EventBudget, SOCKET_EVENT_BUDGET, SOCKET_JOINS_IN_FLIGHT } from './event-budget';

export interface SocketData {
	user: SessionUser;
	/** Null for an API token's socket. */
	sessionId: string | null;
	/** The API token's id for a token's socket, else null. */
	tokenId: string | null;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The room of every socket opened with one session, so signing out can close them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The room of every socket of one user, so disabling them closes them all. */
export const userRoom = (userId: string) => `user:${userId}`;
/** The room of every socket opened with one API token (its identity's id is `token:<id>`, see `validateApiToken`). */
export const tokenRoom = (tokenId: string) => userRoom(`token:${tokenId}`);

/**
 * Tell every socket in `rooms` why its session ended, then close it. The packet is flushed
 * before the close, so the page shows its signed-out state instead of reconnecting.
 */
export function endSessionSockets(
	target: { in(rooms: string | string[]): BroadcastOperator<ServerToClientEvents, SocketData> },
	rooms: string[],
	reason: SessionEndReason
): void {
	const sockets = target.in(rooms);
	sockets.emit('session:ended', { reason });
	sockets.disconnectSockets(true);
}

const joinSchema = z.object({
	site: z.string().regex(ID_PATTERN),
	after: z.number().int().min(0)
});

/**
 * Socket handlers: `site:join` (room + catch-up) and `site:leave`, plus the heartbeat.
 * The room is joined before the catch-up read, so nothing committed in between is lost;
 * the browser drops the seqs it already has. Each socket has a budget of packets
 * (`EventBudget`) and a few catch-up reads in flight, so one client cannot starve the
 * database pool that ingest shares.
 */
export function attachRealtime(
	io: RealtimeServer,
	deps: {
		sql: Sql;
		log: Logger;
		metrics: Metrics;
		/** The registry: a join that missed events gets every projection's rows with its catch-up. */
		projections: readonly Projection[];
		clock: { now(): Date };
		heartbeat: () => Omit<HeartbeatPayload, 'at'>;
		/** The session (cookie) or API token (Authorization header or `auth.token`) behind a handshake, or null. */
		authenticate: (credentials: { cookie?: string; authorization?: string; token?: unknown }) => Promise<Omit<SocketData, 'tokenId'> | null>;
	}
): () => void {
	const log = deps.log.child({ component: 'realtime' });
	const siteViews = siteProjectionsOf(deps.projections);
	const systemViews = systemProjectionsOf(deps.projections);

	// The handshake must come from our own origin and carry a live session.
	io.use(async (socket, next) => {
		const { headers } = socket.handshake;
		if (!isSameOrigin(headers.origin, headers.host)) return next(new Error('forbidden origin' satisfies HandshakeError));
		try {
			const session = await deps.authenticate({ cookie: headers.cookie, authorization: headers.authorization, token: socket.handshake.auth?.token });
			if (!session) return next(new Error('unauthenticated' satisfies HandshakeError));
			const tokenId = session.sessionId === null && session.user.id.startsWith('token:') ? session.user.id.slice('token:'.length) : null;
			socket.data = { ...session, tokenId };
			next();
		} catch (err) {
			log.warn({ err }, 'socket authentication failed');
			next(new Error('unavailable' satisfies HandshakeError));
		}
	});

	/** What a join missed, read in one snapshot so the head, the events and the projections agree. */
	const readCatchUp = (site: string, after: number) =>
		deps.sql.begin('isolation level repeatable read read only', async (tx): Promise<SiteJoinResult> => {
			const [{ seq: head }] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${site}`;
			if (head <= after) return { site, head, events: [], resync: false };
			const events = await readEventsAfter(tx, site, after, CATCH_UP_LIMIT + 1);
			if (events.length > CATCH_UP_LIMIT) return { site, head, events: [], resync: true };
			return { site, head, events, resync: false, projections: await listProjectionRows(tx, siteViews, site, deps.clock.now()) };
		}) as Promise<SiteJoinResult>;

	/** The shift views' rows and the system stream's head, read in one snapshot so they agree. */
	const readShifts = () =>
		deps.sql.begin('isolation level repeatable read read only', async (tx): Promise<ShiftsJoinResult> => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${SYSTEM_STREAM}`;
			return { site: SYSTEM_STREAM, head: head?.seq ?? 0, projections: await listProjectionRows(tx, systemViews, SYSTEM_STREAM, deps.clock.now()) };
		}) as Promise<ShiftsJoinResult>;

	const onConnection = (socket: RealtimeSocket) => {
		deps.metrics.sockets.inc();
		const { sessionId, user } = socket.data;
		// A token's user id is `token:<id>`, so its user room is also its token room.
		const rooms = sessionId ? [sessionRoom(sessionId), userRoom(user.id)] : [userRoom(user.id)];
		// Administrators follow the system stream (accounts, tokens) the way consoles follow a site.
		if (user.role === 'admin') rooms.push(SYSTEM_ROOM);
		// A guard's phone hears what changes its page: its own guard, and rounds open to anyone.
		if (user.role === 'guard' && user.guard) rooms.push(guardRoom(user.guard.site, user.guard.guard), siteGuardsRoom(user.guard.site));
		void socket.join(rooms);
		socket.on('disconnect', () => deps.metrics.sockets.dec());
		socket.emit('server:heartbeat', { at: new Date().toISOString(), ...deps.heartbeat() });

		const budget = new EventBudget(SOCKET_EVENT_BUDGET);
		socket.use((packet, next) => {
			if (socket.disconnected) return;
			const verdict = budget.take();
			if (verdict === 'ok') return next();
			if (verdict === 'flooding') {
				log.warn({ user: user.id }, 'socket flooding: disconnected');
				return socket.disconnect(true);
			}
			const ack = packet.at(-1);
			if (typeof ack === 'function') ack({ ok: false, error: 'rate_limited' } satisfies Ack<never>);
		});
		const joins = createTurns(SOCKET_JOINS_IN_FLIGHT);

		socket.on('site:join', async (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = joinSchema.safeParse(request);
			if (!parsed.success || parsed.data.site === SYSTEM_STREAM) return ack({ ok: false, error: 'invalid_request' });
			const { site, after } = parsed.data;
			if (!canWatchSite(socket.data.user, site)) return ack({ ok: false, error: 'forbidden' });
			await joins.take();
			try {
				// Gone while it waited: nobody to catch up.
				if (socket.disconnected) return;
				if ((await getStreamHead(deps.sql, site)) === null) return ack({ ok: false, error: 'unknown_site' });
				// The room first: whatever commits after the read below is sent live, and seqs the read
				// already covered are dropped by the browser.
				await socket.join(siteRoom(site));
				const result = await readCatchUp(site, after);
				ack({ ok: true, data: result } satisfies Ack<SiteJoinResult>);
			} catch (err) {
				log.warn({ err, site }, 'site:join failed');
				ack({ ok: false, error: 'unavailable' });
			} finally {
				joins.done();
			}
		});

		// The duty shift: the room first, then the rows, as for a site (the browser drops packets at or below `head`).
		socket.on('shifts:join', async (_request, ack) => {
			if (typeof ack !== 'function') return;
			if (!canFollowShifts(socket.data.user)) return ack({ ok: false, error: 'forbidden' });
			await joins.take();
			try {
				if (socket.disconnected) return;
				await socket.join(SHIFT_ROOM);
				ack({ ok: true, data: await readShifts() } satisfies Ack<ShiftsJoinResult>);
			} catch (err) {
				log.warn({ err }, 'shifts:join failed');
				ack({ ok: false, error: 'unavailable' });
			} finally {
				joins.done();
			}
		});

		socket.on('site:leave', async (request, ack) => {
			const site = typeof request?.site === 'string' ? request.site : '';
			await socket.leave(siteRoom(site));
			if (typeof ack === 'function') ack({ ok: true, data: null });
		});
	};

	io.on('connection', onConnection);
	const timer = setInterval(() => {
		io.emit('server:heartbeat', { at: new Date().toISOString(), ...deps.heartbeat() });
	}, HEARTBEAT_INTERVAL_MS);
	return () => {
		clearInterval(timer);
		io.off('connection', onConnection);
	};
}

/** At most `limit` holders at once; the others wait in arrival order. */
function createTurns(limit: number) {
	let held = 0;
	const waiting: (() => void)[] = [];
	return {
		take: (): Promise<void> => {
			if (held < limit) {
				held++;
				return Promise.resolve();
			}
			return new Promise((resolve) => waiting.push(resolve));
		},
		/** Hands the turn to the next waiter, if any. */
		done: (): void => {
			const next = waiting.shift();
			if (next) next();
			else held--;
		}
	};
}
