import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROLES, type Role } from '$lib/domain/access';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { isLoopbackListener } from '../http/hosts';
import { createUserCommand } from './user-commands';
import { countUsers } from './users';

export interface DemoCredential {
	username: string;
	password: string;
	role: Role;
}

/**
 * The set-up token for `/setup`, when it needs one: no user exists yet and the app listens
 * beyond loopback (where anyone on the network could be first). On a loopback-only
 * install only this machine can reach the page, and a DNS-rebinding page is refused by its Host.
 */
export async function createSetupToken(sql: Sql, config: { listenHost: string }): Promise<string | null> {
	if (isLoopbackListener(config.listenHost)) return null;
	if ((await countUsers(sql)) > 0) return null;
	return randomBytes(18).toString('base64url');
}

/** Whether a presented set-up token is the expected one (constant time). */
export function isSetupTokenValid(expected: string | null, presented: string | null | undefined): boolean {
	if (expected === null) return true;
	if (typeof presented !== 'string' || presented.length !== expected.length) return false;
	return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
}

/**
 * First run: with ADMIN_PASSWORD set and no user yet, create the user `admin`. Checked again
 * under the command's lock, so two processes starting together make one.
 */
export async function ensureAdmin(deps: { sql: Sql; run: RunCommand; log: Logger }, password: string | undefined): Promise<void> {
	if (!password || (await countUsers(deps.sql)) > 0) return;
	const admin = { username: 'admin', displayName: 'Administrator', role: 'admin' as const, password, sites: [] };
	const created = await createUserCommand(deps.run, admin, { kind: 'system', id: 'bootstrap' }, {}, { firstOnly: true });
	if (created.ok) deps.log.info('created the admin user from ADMIN_PASSWORD');
}

/**
 * Demo mode: one user per role for the demo estate, with random passwords kept in
 * DATA_DIR/demo-credentials.json (mode 0600) so they can be printed at every start and
 * shown on the login page in demo mode only.
 */
export async function seedDemoUsers(
	deps: { sql: Sql; run: RunCommand; log: Logger },
	opts: { dataDir: string; site: string; adminPassword?: string; /** The guard of the site the demo guard account walks as. */ guard?: string }
): Promise<DemoCredential[]> {
	const file = path.join(opts.dataDir, 'demo-credentials.json');
	if ((await countUsers(deps.sql)) > 0) {
		try {
			return JSON.parse(await fs.readFile(file, 'utf8')) as DemoCredential[];
		} catch {
			return [];
		}
	}
	const credentials: DemoCredential[] = ROLES.map((role) => ({
		username: role,
		role,
		password: role === 'admin' && opts.adminPassword ? opts.adminPassword : randomBytes(9).toString('base64url')
	}));
	for (const c of credentials) {
		const guard = c.role === 'guard' && opts.guard ? { site: opts.site, guard: opts.guard } : null;
		const user = { username: c.username, displayName: c.username, role: c.role, password: c.password, sites: c.role === 'admin' ? [] : [opts.site], guard };
		const created = await createUserCommand(deps.run, user, { kind: 'system', id: 'demo' }, {});
		if (!created.ok) throw new Error(`demo user ${c.username} not created: ${created.reason}`);
	}
	await fs.mkdir(opts.dataDir, { recursive: true });
	await fs.writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	return credentials;
}
