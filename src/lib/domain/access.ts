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
	/** A guard account's guard of a site's bundle (linked on the admin users page), else absent or null. */
	guard?: GuardLink | null;
}

/** Which guard of which site's bundle an account walks as: its scans and panic presses are that guard's. */
export interface GuardLink {
	site: string;
	guard: string;
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

/**
 * Password checks one account may get in a window, from any address: ten guesses per ten
 * minutes leaves a distributed guesser ~1,400 a day against an argon2id hash and a 10-character
 * minimum, while a person who mistypes is never refused before ten tries. Past it the account is
 * answered 429 until its window ends (never a permanent lock-out: the real user waits the window).
 */
export const SIGN_IN_ACCOUNT_LIMIT = 10;

/**
 * Password checks one address may get in a window, across all usernames. A control room behind
 * one NAT shares an address, so this is three accounts' full budgets: one person's ten typos
 * cannot lock their colleagues out, and a sprayer still gets only 30 guesses per window in all.
 */
export const SIGN_IN_ADDRESS_LIMIT = 30;

/** A key's window starts with its first attempt and lasts this long; then its count starts again. */
export const SIGN_IN_WINDOW_MS = 10 * MINUTE;

/** Bounds on what a sign-in attempt may put into an audit event or a throttle key. */
export const SIGN_IN_FIELD_LIMITS = { username: 64, address: 64, userAgent: 200 } as const;

/** Growing back-off before the password check, after `attempts` earlier checks on the account in its window: 0, …, 250 ms, 500 ms, … 4 s. */
export function getLoginDelayMs(attempts: number): number {
	if (attempts < 3) return 0;
	return Math.min(4000, 250 * 2 ** (attempts - 3));
}

/** API tokens expire this many days after creation unless the request asks for another lifetime. */
export const API_TOKEN_DEFAULT_DAYS = 90;

/** The longest lifetime a token may be given: a leaked secret must not be good for ever. */
export const API_TOKEN_MAX_DAYS = 365;
