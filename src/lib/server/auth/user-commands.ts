import type { Role } from '$lib/domain/access';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { newEvent, type RunCommand } from '../commands';
import { listUnknownSites } from '../domain/site/queries';
import type { Actor, AuditMeta } from './audit';
import { hashPassword } from './password';
import { endUserSessions } from './sessions';
import { changeUser, countUsers, findUserById, findUserByUsername, insertUser, type StoredUser } from './users';

/**
 * Account commands: each change to a user and its audit event (in the `system` stream) commit
 * together or not at all. All of them take the `system` stream's lock, so they are serialised:
 * a username checked free is still free when it is inserted. Passwords are hashed before the
 * transaction, so no argon2 run ever holds that lock.
 */

export type UnknownSites = { ok: false; reason: 'unknown_sites'; sites: string[] };

export type CreateUserOutcome = { ok: true; user: StoredUser } | { ok: false; reason: 'username_taken' | 'not_first' } | UnknownSites;

export interface NewUser {
	username: string;
	displayName: string;
	role: Role;
	password: string;
	sites: readonly string[];
}

/**
 * Create a user with their sites, and `UserCreated`. With `firstOnly`, refused (`not_first`)
 * once any user exists: first-run set-up cannot make two administrators, even racing.
 */
export async function createUserCommand(run: RunCommand, input: NewUser, actor: Actor, meta: AuditMeta, opts: { firstOnly?: boolean } = {}): Promise<CreateUserOutcome> {
	const passwordHash = await hashPassword(input.password);
	let unknown: string[] = [];
	const outcome = await run<'username_taken' | 'not_first' | 'unknown_sites', StoredUser>(SYSTEM_STREAM, async ({ tx, now }) => {
		if (opts.firstOnly && (await countUsers(tx)) > 0) return { ok: false, reason: 'not_first' };
		if (await findUserByUsername(tx, input.username)) return { ok: false, reason: 'username_taken' };
		unknown = await listUnknownSites(tx, input.sites);
		if (unknown.length) return { ok: false, reason: 'unknown_sites' };
		const id = await insertUser(tx, { ...input, passwordHash }, now);
		const user = (await findUserById(tx, id))!;
		const data = { user: id, role: user.role, sites: user.sites, address: meta.address };
		return { ok: true, events: [newEvent({ stream: SYSTEM_STREAM, type: 'UserCreated', sourceKind: actor.kind, sourceId: actor.id, data }, now)], value: user };
	});
	if (outcome.ok) return { ok: true, user: outcome.value! };
	return outcome.reason === 'unknown_sites' ? { ok: false, reason: 'unknown_sites', sites: unknown } : { ok: false, reason: outcome.reason };
}

export interface UserUpdate {
	displayName?: string;
	role?: Role;
	sites?: string[];
	disabled?: boolean;
	password?: string;
}

export type UpdateUserOutcome = { ok: true; user: StoredUser; sessionsEnded: boolean } | { ok: false; reason: 'not_found' } | UnknownSites;

/**
 * Change what is given, and `UserUpdated` (the fields changed, never the password). Disabling,
 * a new password, role or sites also end the user's sessions in the same transaction
 * (`sessionsEnded`: the caller then closes their sockets).
 */
export async function updateUserCommand(run: RunCommand, id: string, change: UserUpdate, actor: Actor, meta: AuditMeta): Promise<UpdateUserOutcome> {
	const { password, ...audited } = change;
	const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
	const sessionsEnded = !!change.disabled || password !== undefined || change.role !== undefined || change.sites !== undefined;
	let unknown: string[] = [];
	const outcome = await run<'not_found' | 'unknown_sites', StoredUser>(SYSTEM_STREAM, async ({ tx, now }) => {
		if (!(await findUserById(tx, id))) return { ok: false, reason: 'not_found' };
		unknown = await listUnknownSites(tx, change.sites ?? []);
		if (unknown.length) return { ok: false, reason: 'unknown_sites' };
		await changeUser(tx, id, { ...audited, passwordHash }, now);
		if (sessionsEnded) await endUserSessions(tx, id);
		const data = { user: id, ...audited, passwordChanged: password !== undefined, address: meta.address };
		return {
			ok: true,
			events: [newEvent({ stream: SYSTEM_STREAM, type: 'UserUpdated', sourceKind: actor.kind, sourceId: actor.id, data }, now)],
			value: (await findUserById(tx, id))!
		};
	});
	if (outcome.ok) return { ok: true, user: outcome.value!, sessionsEnded };
	return outcome.reason === 'unknown_sites' ? { ok: false, reason: 'unknown_sites', sites: unknown } : { ok: false, reason: outcome.reason };
}

/** End all of a user's sessions, and `UserSessionsEnded`; the caller then closes their sockets. */
export async function endUserSessionsCommand(run: RunCommand, id: string, actor: Actor, meta: AuditMeta): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
	const outcome = await run<'not_found'>(SYSTEM_STREAM, async ({ tx, now }) => {
		if (!(await findUserById(tx, id))) return { ok: false, reason: 'not_found' };
		await endUserSessions(tx, id);
		const data = { user: id, address: meta.address };
		return { ok: true, events: [newEvent({ stream: SYSTEM_STREAM, type: 'UserSessionsEnded', sourceKind: actor.kind, sourceId: actor.id, data }, now)] };
	});
	return outcome.ok ? { ok: true } : outcome;
}
