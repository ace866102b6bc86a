import type { Sql } from '../db/client';
import type { Logger } from '../log';
import { checkSessions } from '../auth/sessions';
import { checkApiTokens } from '../auth/tokens';
import { endSessionSockets, sessionRoom, tokenRoom, type RealtimeServer } from './connection';

/** Sessions (or tokens) checked per query, so a tick over many sockets stays a few round trips. */
const BATCH = 1000;

/**
 * Authentication is checked at the handshake; this loop keeps it true for as long as a socket
 * stays open. Every `everyMs` it takes this process's connected sockets, checks all their
 * sessions in one query (and all their tokens in another) and ends those whose session expired,
 * was deleted or whose user was disabled, and those whose token was revoked or expired: each
 * gets `session:ended` with the reason, then is disconnected.
 *
 * A connected socket is activity: its live session's last-seen moves (at most once a minute,
 * as for requests), so a wall display watching for weeks is not signed out by the idle limit
 * while it is connected, and an operator's console is not cut mid-shift.
 */
export function startSessionWatch(deps: { io: RealtimeServer; sql: Sql; log: Logger; everyMs: number }) {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const sessions = new Set<string>();
			const tokens = new Set<string>();
			for (const socket of deps.io.of('/').sockets.values()) {
				const { sessionId, tokenId } = socket.data;
				if (sessionId) sessions.add(sessionId);
				else if (tokenId) tokens.add(tokenId);
			}
			// Other processes' sockets are theirs to check: only this process's are closed here.
			const local = deps.io.local;
			for (const ids of chunks([...sessions])) {
				for (const [id, reason] of await checkSessions(deps.sql, ids)) endSessionSockets(local, [sessionRoom(id)], reason);
			}
			for (const ids of chunks([...tokens])) {
				for (const [id, reason] of await checkApiTokens(deps.sql, ids)) endSessionSockets(local, [tokenRoom(id)], reason);
			}
		} catch (err) {
			// The database may be away: sockets stay up (the handshake is what refuses newcomers), and the next tick retries.
			deps.log.debug({ err }, 'socket session check failed; trying again');
		} finally {
			busy = false;
		}
	};
	const timer = setInterval(() => void tick(), deps.everyMs);
	return {
		stop: async () => {
			clearInterval(timer);
			while (busy) await new Promise((r) => setTimeout(r, 20));
		}
	};
}

function* chunks<T>(items: T[]): Generator<T[]> {
	for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}
