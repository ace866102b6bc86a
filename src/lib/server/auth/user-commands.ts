import type { GuardLink, Role } from '$lib/domain/access';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { newEvent, type RunCommand } from '../commands';
import { isGuardOfSite, listUnknownSites } from '../domain/site/queries';
import type { Queryable } from '../db/client';
import type { Actor, AuditMeta } from './audit';
import { hashPassword } from './password';
import { endUserSessions } from './sessions';
import { changeUser, countUsers, findGuardLinkOwner, findUserById, findUserByUsername, insertUser, type StoredUser } from './users';

/**
 * Account commands: each change to a user and its audit event (in the `system` stream) commit
 * together or not at all. All of them take the `system` stream's lock, so they are serialised:
 * a username checked free is still free when it is inserted. Passwords are hashed before the
 * transaction, so no argon2 run ever holds that lock.
 */

export type UnknownSites = { ok: false; reason: 'unknown_sites'; sites: string[] };

/**
 * A guard link refused: `role` (only a guard account walks as a guard), `site` (the link's site
 * must be one of the account's), `unknown` (no such guard in the site's bundle), `taken`
 * (another account walks as that guard).
 */
export type InvalidGuard = { ok: false; reason: 'invalid_guard'; problem: 'role' | 'site' | 'unknown' | 'taken' };

/** A refused link in words an API client can act on (`guard: …`). */
export const GUARD_PROBLEMS: Record<InvalidGuard['problem'], string> = {
	role: 'guard: only an account with the guard role walks as a guard',
	site: 'guard: the guard\'s site must be one of the account\'s sites',
	unknown: 'guard: no such guard in the site\'s bundle',
	taken: 'guard: another account already walks as this guard'
};

export type CreateUserOutcome = { ok: true; user: StoredUser } | { ok: false; reason: 'username_taken' | 'not_first' } | UnknownSites | InvalidGuard;

/** Why `link` cannot be the account's, or null when it can. */
async function checkGuardLink(tx: Queryable, link: GuardLink, account: { id: string | null; role: Role; sites: readonly string[] }): Promise<InvalidGuard['problem'] | null> {
	if (account.role !== 'guard') return 'role';
	if (!account.sites.includes(link.site)) return 'site';
	if (!(await isGuardOfSite(tx, link.site, link.guard))) return 'unknown';
	return (await findGuardLinkOwner(tx, link, account.id)) ? 'taken' : null;
}

export interface NewUser {
	username: string;
	displayName: string;
	role: Role;
	password: string;
	sites: readonly string[];
	guard?: GuardLink | null;
}

/**
 * Create a user with their sites, and `UserCreated`. With `firstOnly`, refused (`not_first`)
 * once any user exists: first-run set-up cannot make two administrators, even racing.
 */
export async function createUserCommand(run: RunCommand, input: NewUser, actor: Actor, meta: AuditMeta, opts: { firstOnly?: boolean } = {}): Promise<CreateUserOutcome> {
	const passwordHash = await hashPassword(input.password);
	let unknown: string[] = [];
	let problem: InvalidGuard['problem'] | null = null;
	const outcome = await run<'username_taken' | 'not_first' | 'unknown_sites' | 'invalid_guard', StoredUser>(SYSTEM_STREAM, async ({ tx, now }) => {
		if (opts.firstOnly && (await countUsers(tx)) > 0) return { ok: false, reason: 'not_first' };
		if (await findUserByUsername(tx, input.username)) return { ok: false, reason: 'username_taken' };
		unknown = await listUnknownSites(tx, input.sites);
		if (unknown.length) return { ok: false, reason: 'unknown_sites' };
		if (input.guard && (problem = await checkGuardLink(tx, input.guard, { id: null, role: input.role, sites: input.sites }))) return { ok: false, reason: 'invalid_guard' };
		const id = await insertUser(tx, { ...input, passwordHash }, now);
		const user = (await findUserById(tx, id))!;
		const data = { user: id, role: user.role, sites: user.sites, ...(user.guard ? { guard: user.guard } : {}), address: meta.address };
		return { ok: true, events: [newEvent({ stream: SYSTEM_STREAM, type: 'UserCreated', sourceKind: actor.kind, sourceId: actor.id, data }, now)], value: user };
	});
	if (outcome.ok) return { ok: true, user: outcome.value! };
	if (outcome.reason === 'invalid_guard') return { ok: false, reason: 'invalid_guard', problem: problem! };
	return outcome.reason === 'unknown_sites' ? { ok: false, reason: 'unknown_sites', sites: unknown } : { ok: false, reason: outcome.reason };
}

export interface UserUpdate {
	displayName?: string;
	role?: Role;
	sites?: string[];
	disabled?: boolean;
	password?: string;
	/** A guard to walk as, or null to unlink. */
	guard?: GuardLink | null;
}

export type UpdateUserOutcome = { ok: true; user: StoredUser; sessionsEnded: boolean } | { ok: false; reason: 'not_found' } | UnknownSites | InvalidGuard;

/**
 * Change what is given, and `UserUpdated` (the fields changed, never the password). Disabling,
 * a new password, role or sites also end the user's sessions in the same transaction
 * (`sessionsEnded`: the caller then closes their sockets).
 */
export async function updateUserCommand(run: RunCommand, id: string, change: UserUpdate, actor: Actor, meta: AuditMeta): Promise<UpdateUserOutcome> {
	const { password, ...audited } = change;
	const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
	const sessionsEnded =
		!!change.disabled || password !== undefined || change.role !== undefined || change.sites !== undefined || change.guard !== undefined;
	let unknown: string[] = [];
	let problem: InvalidGuard['problem'] | null = null;
	const outcome = await run<'not_found' | 'unknown_sites' | 'invalid_guard', StoredUser>(SYSTEM_STREAM, async ({ tx, now }) => {
		const current = await findUserById(tx, id);
		if (!current) return { ok: false, reason: 'not_found' };
		unknown = await listUnknownSites(tx, change.sites ?? []);
		if (unknown.length) return { ok: false, reason: 'unknown_sites' };
		const role = change.role ?? current.role;
		const sites = change.sites ?? current.sites;
		let guard = change.guard !== undefined ? change.guard : (current.guard ?? null);
		// A link that no longer fits (no longer a guard, or the site taken away) goes with the change that broke it.
		if (change.guard === undefined && guard && (role !== 'guard' || !sites.includes(guard.site))) audited.guard = guard = null;
		if (guard && (problem = await checkGuardLink(tx, guard, { id, role, sites }))) return { ok: false, reason: 'invalid_guard' };
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
	if (outcome.reason === 'invalid_guard') return { ok: false, reason: 'invalid_guard', problem: problem! };
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
