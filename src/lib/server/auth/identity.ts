import type { SessionUser } from '$lib/domain/access';
import type { Sql } from '../db/client';
import { validateSession } from './sessions';
import { validateApiToken } from './tokens';
import { toSessionUser } from './users';

/**
 * Who is asking, for HTTP requests and Socket.IO handshakes alike: the session cookie's user,
 * else an API token's identity, else nobody. `sessionId` names the session (null for a token).
 */
export async function identify(
	sql: Sql,
	credentials: { sessionToken?: string | null; bearer?: string | null }
): Promise<{ user: SessionUser; sessionId: string | null } | null> {
	const session = await validateSession(sql, credentials.sessionToken);
	if (session) return { user: toSessionUser(session.user), sessionId: session.id };
	const token = await validateApiToken(sql, credentials.bearer);
	return token ? { user: token, sessionId: null } : null;
}
