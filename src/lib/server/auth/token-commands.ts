import type { Role } from '$lib/domain/access';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { newEvent, type RunCommand } from '../commands';
import type { Actor, AuditMeta } from './audit';
import { insertApiToken, markApiTokenRevoked, newApiTokenSecret, type ApiTokenInfo } from './tokens';

/**
 * API token commands: the token's row and its audit event (in the `system` stream) commit
 * together or not at all.
 */

/**
 * An admin (`createdBy`) creates a token, and `ApiTokenCreated`. The secret is in the answer
 * only: neither the row nor the event holds it.
 */
export async function createApiTokenCommand(
	run: RunCommand,
	input: { name: string; role: Role; sites: string[]; expiresInDays: number; createdBy: string },
	actor: Actor,
	meta: AuditMeta
): Promise<{ token: string; info: ApiTokenInfo }> {
	const secret = newApiTokenSecret();
	const outcome = await run<never, ApiTokenInfo>(SYSTEM_STREAM, async ({ tx, now }) => {
		const info = await insertApiToken(tx, { ...input, tokenHash: secret.hash }, now);
		const data = { token: info.id, name: info.name, role: info.role, sites: info.sites, expiresAt: info.expiresAt, address: meta.address };
		return { ok: true, events: [newEvent({ stream: SYSTEM_STREAM, type: 'ApiTokenCreated', sourceKind: actor.kind, sourceId: actor.id, data }, now)], value: info };
	});
	if (!outcome.ok) throw new Error('unreachable: creating a token has no refusal');
	return { token: secret.token, info: outcome.value! };
}

/** Revoke a token (again, if it already is), and `ApiTokenRevoked`; the caller then closes its sockets. */
export async function revokeApiTokenCommand(run: RunCommand, id: string, actor: Actor, meta: AuditMeta): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
	const outcome = await run<'not_found'>(SYSTEM_STREAM, async ({ tx, now }) => {
		if (!(await markApiTokenRevoked(tx, id, now))) return { ok: false, reason: 'not_found' };
		const data = { token: id, address: meta.address };
		return { ok: true, events: [newEvent({ stream: SYSTEM_STREAM, type: 'ApiTokenRevoked', sourceKind: actor.kind, sourceId: actor.id, data }, now)] };
	});
	return outcome.ok ? { ok: true } : outcome;
}
