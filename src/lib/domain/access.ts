/**
 * Who may do what: roles, session lifetimes and site visibility. Pure rules shared by
 * server and browser; the server's hooks and `server/auth/authorization.ts` enforce them.
 */

export const ROLES = ['admin', 'manager', 'operator', 'guard', 'wall'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person as the browser sees it. */
export interface SessionUser {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	/** Sites the user belongs to; an admin sees every site whatever this says. */
	sites: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Idle and absolute session limits per role. A night operator's 12-hour shift must not be cut
 * short; a wall display stays signed in for weeks; an admin session is short-lived.
 */
export const SESSION_POLICY: Record<Role, { idleMs: number; absoluteMs: number }> = {
	admin: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
	manager: { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR },
	operator: { idleMs: 14 * HOUR, absoluteMs: 16 * HOUR },
	guard: { idleMs: 12 * HOUR, absoluteMs: 14 * HOUR },
	wall: { idleMs: 30 * DAY, absoluteMs: 90 * DAY }
};

/** A session is alive while neither its idle nor its absolute limit has passed. */
export function isSessionAlive(role: Role, s: { lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
	return now < s.expiresAt && now.getTime() - s.lastSeenAt.getTime() < SESSION_POLICY[role].idleMs;
}

/** Roles that watch live site data (the console, events, snapshots, site rooms). */
const WATCHERS: readonly Role[] = ['admin', 'manager', 'operator', 'wall'];

export function canWatchSite(user: Pick<SessionUser, 'role' | 'sites'>, site: string): boolean {
	if (!WATCHERS.includes(user.role)) return false;
	return user.role === 'admin' || user.sites.includes(site);
}

export function canWatchLive(user: Pick<SessionUser, 'role'>): boolean {
	return WATCHERS.includes(user.role);
}

/** Failed sign-ins per (account, address) in the window before answers become 429. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 10 * MINUTE;

/** Growing back-off before answering a sign-in after `failures` recent failures: 0, …, 250 ms, 500 ms, … 4 s. */
export function getLoginDelayMs(failures: number): number {
	if (failures < 3) return 0;
	return Math.min(4000, 250 * 2 ** (failures - 3));
}
