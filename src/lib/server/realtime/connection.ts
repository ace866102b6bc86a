import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device-message';
import { SYSTEM_STREAM } from '$lib/domain/event';
import {
	CATCH_UP_LIMIT,
	HEARTBEAT_INTERVAL_MS,
	siteRoom,
	type Ack,
	type ClientToServerEvents,
	type HeartbeatPayload,
	type ServerToClientEvents,
	type SiteJoinResult
} from '$lib/realtime/contract';
import type { Sql } from '../db/client';
import { getStreamHead, readEventsAfter } from '../event-log/read';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import { isSameOrigin } from '../auth/authorization';

export interface SocketData {
	user: SessionUser;
	/** Null for an API token's socket. */
	sessionId: string | null;
}
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The room of every socket opened with one session, so signing out can close them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The room of every socket of one user, so disabling them closes them all. */
export const userRoom = (userId: string) => `user:${userId}`;

const joinSchema = z.object({
	site: z.string().regex(ID_PATTERN),
	after: z.number().int().min(0)
});

/**
 * Socket handlers: `site:join` (room + catch-up) and `site:leave`, plus the heartbeat.
 * The room is joined before the catch-up read, so nothing committed in between is lost;
 * the browser drops the seqs it already has.
 */
export function attachRealtime(
	io: RealtimeServer,
	deps: {
		sql: Sql;
		log: Logger;
		metrics: Metrics;
		heartbeat: () => Omit<HeartbeatPayload, 'at'>;
		/** The session (cookie) or API token (Authorization header or `auth.token`) behind a handshake, or null. */
		authenticate: (credentials: { cookie?: string; authorization?: string; token?: unknown }) => Promise<SocketData | null>;
	}
): () => void {
	const log = deps.log.child({ component: 'realtime' });

	// The handshake must come from our own origin and carry a live session.
	io.use(async (socket, next) => {
		const { headers } = socket.handshake;
		if (!isSameOrigin(headers.origin, headers.host)) return next(new Error('forbidden origin'));
		try {
			const session = await deps.authenticate({ cookie: headers.cookie, authorization: headers.authorization, token: socket.handshake.auth?.token });
			if (!session) return next(new Error('unauthenticated'));
			socket.data = session;
			next();
		} catch (err) {
			log.warn({ err }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	});

	const onConnection = (socket: RealtimeSocket) => {
		deps.metrics.sockets.inc();
		const { sessionId, user } = socket.data;
		void socket.join(sessionId ? [sessionRoom(sessionId), userRoom(user.id)] : [userRoom(user.id)]);
		socket.on('disconnect', () => deps.metrics.sockets.dec());
		socket.emit('server:heartbeat', { at: new Date().toISOString(), ...deps.heartbeat() });

		socket.on('site:join', async (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = joinSchema.safeParse(request);
			if (!parsed.success || parsed.data.site === SYSTEM_STREAM) return ack({ ok: false, error: 'invalid_request' });
			const { site, after } = parsed.data;
			if (!canWatchSite(socket.data.user, site)) return ack({ ok: false, error: 'forbidden' });
			try {
				const head = await getStreamHead(deps.sql, site);
				if (head === null) return ack({ ok: false, error: 'unknown_site' });
				await socket.join(siteRoom(site));
				const events = await readEventsAfter(deps.sql, site, after, CATCH_UP_LIMIT + 1);
				const result: SiteJoinResult =
					events.length > CATCH_UP_LIMIT
						? { site, head: Math.max(head, events.at(-1)!.seq), events: [], resync: true }
						: { site, head: Math.max(head, events.at(-1)?.seq ?? 0), events, resync: false };
				ack({ ok: true, data: result } satisfies Ack<SiteJoinResult>);
			} catch (err) {
				log.warn({ err, site }, 'site:join failed');
				ack({ ok: false, error: 'unavailable' });
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
