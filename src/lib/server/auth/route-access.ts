import type { Role } from '$lib/domain/access';
import { ROLES } from '$lib/domain/access';
import { PHOTO_TYPES } from '$lib/domain/photo/image-type';
import { RESIDENT_CONTACT_ROLES, RESIDENT_EDIT_ROLES, RESIDENT_ERASE_ROLES, RESIDENT_VIEW_ROLES } from '$lib/domain/resident/access';

/**
 * Who may call each route, declared once per route id and method and enforced by the
 * `authorize` hook against the route SvelteKit actually resolved (its route id and decoded
 * params), so no spelling of a path can reach an endpoint past its rule. A route id missing
 * here is refused (deny by default); a method missing from a route's entry answers 405.
 * Pages: GET is the load, POST the form actions. HEAD follows GET.
 */
export type AccessRule =
	/** Anyone, signed in or not (the caller is still identified, so a page can tell). */
	| { who: 'anyone' }
	/** The device named by the path's `site` and `device` params, by its own credential (HTTP Basic). */
	| { who: 'device' }
	/** The monitoring system's scraper: a valid API token, or a client on the loopback interface. */
	| { who: 'scraper' }
	| UserRule;

export interface UserRule {
	who: 'user';
	/** Roles allowed; all roles when absent. */
	roles?: readonly Role[];
	/** Where the site the request is about is named; the caller must belong to it (admins belong to all). */
	site?: SiteSource;
	/** False: only a signed-in person, never an API token (user, token and credential management). */
	tokens?: boolean;
	/** Body types accepted on an unsafe method besides `application/json`. */
	bodyTypes?: readonly string[];
}

/**
 * `param`: the `site` route param. `query`: `?site=`, required. `query-optional`: `?site=` when
 * given (else the handler lists the caller's own sites). `incident`: the site part of the
 * incident id param (`{site}:{n}`). `ticket`: the site part of the ticket id param (`{site}-T{n}`).
 */
export type SiteSource = 'param' | 'query' | 'query-optional' | 'incident' | 'ticket';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteAccess = Partial<Record<Method, AccessRule>>;

const ANYONE: AccessRule = { who: 'anyone' };
const SIGNED_IN: AccessRule = { who: 'user' };
const ADMIN: AccessRule = { who: 'user', roles: ['admin'] };
/** Admin work that issues or withdraws secrets: a person at a browser, never a token. */
const ADMIN_IN_PERSON: AccessRule = { who: 'user', roles: ['admin'], tokens: false };
const WATCHERS = ['admin', 'manager', 'operator', 'wall'] as const satisfies readonly Role[];
const HANDLERS = ['admin', 'manager', 'operator'] as const satisfies readonly Role[];
const watch = (site: SiteSource): AccessRule => ({ who: 'user', roles: WATCHERS, site });
const handle = (site: SiteSource): AccessRule => ({ who: 'user', roles: HANDLERS, site });
/** A guard account on its phone, for the site it is linked to (the handler checks the link). */
const guardPhone: AccessRule = { who: 'user', roles: ['guard'], site: 'param', tokens: false };
/** A site's photos: sent by its handlers and by the guard linked to it, seen by its watchers and that guard (the handlers check the link). */
const sendPhoto: AccessRule = { who: 'user', roles: [...HANDLERS, 'guard'], site: 'param', bodyTypes: PHOTO_TYPES };
const seePhoto: AccessRule = { who: 'user', roles: [...WATCHERS, 'guard'], site: 'param' };
/** The duty shift: the console's people (operators, managers, administrators); the handlers check who may do what. */
const SHIFT: AccessRule = { who: 'user', roles: HANDLERS };
/** Work orders' steps: the desk, and field staff on a guard-role account of the site (the rules let only the assignee or the desk move one). */
const workTicket: AccessRule = { who: 'user', roles: [...HANDLERS, 'guard'], site: 'ticket' };
/** Who plans a site's patrols (routes and schedules). */
const plan = (site: SiteSource): AccessRule => ({ who: 'user', roles: ['admin', 'manager'], site });
/**
 * Residents' personal data (`lib/domain/resident/access.ts`). A resident's own routes name no site:
 * their handlers answer 404 for a resident of a site the caller does not belong to. A reveal and an
 * erasure are a person's act, never a token's.
 */
const RESIDENTS = {
	see: (site?: SiteSource): AccessRule => ({ who: 'user', roles: RESIDENT_VIEW_ROLES, ...(site ? { site } : {}) }),
	edit: (site?: SiteSource): AccessRule => ({ who: 'user', roles: RESIDENT_EDIT_ROLES, ...(site ? { site } : {}) }),
	reveal: { who: 'user', roles: RESIDENT_CONTACT_ROLES, tokens: false } satisfies AccessRule,
	erase: { who: 'user', roles: RESIDENT_ERASE_ROLES, tokens: false } satisfies AccessRule
};

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
	// Pages
	'/': { GET: { who: 'user', roles: ROLES } },
	'/login': { GET: ANYONE, POST: ANYONE },
	'/setup': { GET: ANYONE, POST: ANYONE },
	'/logout': { GET: SIGNED_IN, POST: SIGNED_IN },
	'/wall': { GET: { who: 'user', roles: ROLES } },
	'/drills/[id]': { GET: watch('incident') },
	// Every role reaches the guard's page: a guard account gets its round, any other a message saying why not.
	'/guard': { GET: { who: 'user', roles: ROLES } },
	'/guard/c/[site]/[checkpoint]': { GET: { who: 'user', roles: ROLES } },
	'/admin/audit': { GET: ADMIN },
	'/admin/devices': { GET: ADMIN_IN_PERSON, POST: ADMIN_IN_PERSON },
	// The editor saves through PUT /api/sites/[site]/organisation.
	'/admin/organisation': { GET: ADMIN },
	// Managers plan their own sites' patrols too; a named ?site= must be one of theirs.
	'/admin/patrol': { GET: plan('query-optional'), POST: plan('query-optional') },
	// Managers read the procedures (and export them); admins edit and import.
	'/admin/procedures': { GET: { who: 'user', roles: ['admin', 'manager'] }, POST: ADMIN },
	'/admin/procedures/[id]': { GET: { who: 'user', roles: ['admin', 'manager'] }, POST: ADMIN },
	'/admin/procedures/export': { GET: { who: 'user', roles: ['admin', 'manager'] } },
	// The channels hold secrets (redacted on the page): a person at a browser, like the API that saves them.
	'/admin/notifications': { GET: ADMIN_IN_PERSON },
	'/admin/sites': { GET: ADMIN, POST: ADMIN },
	'/admin/users': { GET: ADMIN_IN_PERSON, POST: ADMIN_IN_PERSON },
	'/shifts/[id]/print': { GET: SHIFT },
	// Each person's own notification settings (saved through PUT /api/notification-rules).
	'/settings/notifications': { GET: SIGNED_IN },
	'/residents': { GET: RESIDENTS.see('query-optional') },
	// The service desk's work orders: the board (a named ?site= must be the caller's), one ticket, the morning's overnight report.
	'/tickets': { GET: { who: 'user', roles: HANDLERS, site: 'query-optional' } },
	'/tickets/[id]': { GET: handle('ticket') },
	'/tickets/overnight': { GET: handle('query') },
	// API
	'/api/health': { GET: ANYONE },
	'/metrics': { GET: { who: 'scraper' } },
	'/api/auth/login': { POST: ANYONE },
	'/api/auth/logout': { POST: SIGNED_IN },
	'/api/events': { GET: watch('query') },
	// Opening by hand and drills name their site in the body: the handlers check it is the caller's.
	'/api/incidents': { GET: { who: 'user', roles: WATCHERS, site: 'query-optional' }, POST: { who: 'user', roles: HANDLERS } },
	'/api/incidents/[id]': { GET: watch('incident') },
	'/api/incidents/[id]/[action=incident_verb]': { POST: handle('incident') },
	'/api/incidents/[id]/checklist/[step]': { POST: handle('incident') },
	'/api/incidents/[id]/ticket': { POST: handle('incident') },
	'/api/drills': { POST: { who: 'user', roles: HANDLERS } },
	'/api/procedures': { GET: { who: 'user', roles: WATCHERS } },
	'/api/procedures/[id]': { PUT: ADMIN },
	'/api/residents/[id]': { GET: RESIDENTS.see(), PATCH: RESIDENTS.edit() },
	'/api/residents/[id]/reveal': { POST: RESIDENTS.reveal },
	'/api/residents/[id]/erase': { POST: RESIDENTS.erase },
	'/api/residents/[id]/tickets': { GET: RESIDENTS.see() },
	'/api/reports/patrol': { GET: { who: 'user', roles: HANDLERS, site: 'query-optional' } },
	'/api/shifts': { GET: SHIFT, POST: SHIFT },
	'/api/shifts/[id]': { GET: SHIFT },
	'/api/shifts/[id]/join': { POST: SHIFT },
	'/api/shifts/[id]/leave': { POST: SHIFT },
	'/api/shifts/[id]/log': { POST: SHIFT },
	'/api/shifts/[id]/handover': { POST: SHIFT },
	'/api/shifts/[id]/handover/sign': { POST: SHIFT },
	'/api/shifts/[id]/record.csv': { GET: SHIFT },
	'/api/sites': { GET: { who: 'user', roles: WATCHERS } },
	'/api/sites/[site]': { GET: watch('param') },
	'/api/sites/[site]/state': { GET: watch('param') },
	'/api/sites/[site]/bundle': { PUT: ADMIN },
	'/api/sites/[site]/bundle/[file]': { GET: ADMIN },
	'/api/sites/[site]/checkpoints/tags': { GET: plan('param') },
	'/api/sites/[site]/devices': { GET: ADMIN, POST: ADMIN_IN_PERSON },
	// Read by the site's handlers (tickets name its people); saved by admins.
	'/api/sites/[site]/organisation': { GET: handle('param'), PUT: ADMIN },
	'/api/sites/[site]/devices/[device]/[kind=ingest]': { POST: { who: 'device' } },
	'/api/sites/[site]/devices/[device]/credentials': { POST: ADMIN_IN_PERSON, DELETE: ADMIN_IN_PERSON },
	'/api/sites/[site]/tests': { GET: watch('param'), POST: handle('param') },
	'/api/sites/[site]/tests/[device]': { DELETE: handle('param') },
	'/api/sites/[site]/routes': { GET: watch('param') },
	'/api/sites/[site]/places': { GET: watch('param') },
	'/api/sites/[site]/routes/[id]': { PUT: plan('param'), DELETE: plan('param') },
	'/api/sites/[site]/schedules': { GET: watch('param') },
	'/api/sites/[site]/schedules/[id]': { PUT: plan('param'), DELETE: plan('param') },
	'/api/sites/[site]/residents': { GET: RESIDENTS.see('param'), POST: RESIDENTS.edit('param') },
	'/api/sites/[site]/rounds': { GET: watch('param') },
	'/api/sites/[site]/rounds/[round]/[action=round_verb]': { POST: handle('param') },
	'/api/sites/[site]/guard': { GET: guardPhone },
	'/api/sites/[site]/guard/scans': { POST: guardPhone },
	'/api/sites/[site]/guard/panic': { POST: guardPhone },
	'/api/sites/[site]/guard/check-ins': { POST: guardPhone },
	'/api/sites/[site]/guard/accept': { POST: guardPhone },
	'/api/sites/[site]/guard/findings': { POST: guardPhone },
	'/api/sites/[site]/photos': { POST: sendPhoto },
	'/api/sites/[site]/photos/[hash]': { GET: seePhoto },
	// Opening names its site in the body: the handler checks it is the caller's.
	'/api/tickets': { GET: { who: 'user', roles: HANDLERS, site: 'query-optional' }, POST: { who: 'user', roles: HANDLERS } },
	'/api/tickets/overnight': { GET: { who: 'user', roles: WATCHERS, site: 'query' } },
	'/api/tickets/directory': { GET: watch('query') },
	'/api/tickets/[id]': { GET: { who: 'user', roles: HANDLERS, site: 'ticket' }, PATCH: handle('ticket') },
	'/api/tickets/[id]/[action=ticket_verb]': { POST: workTicket },
	// Each person's own notification centre (tokens included: a token's notifications are its user's).
	'/api/notifications': { GET: SIGNED_IN },
	'/api/notifications/seen': { POST: SIGNED_IN },
	'/api/notifications/[id]/ack': { POST: SIGNED_IN },
	// Channels: administrators manage them (a person at a browser: they hold secrets); anyone may list them to pick in their rules.
	'/api/notification-channels': { GET: SIGNED_IN, POST: ADMIN_IN_PERSON },
	'/api/notification-channels/[id]': { PUT: ADMIN_IN_PERSON, DELETE: ADMIN_IN_PERSON },
	'/api/notification-channels/[id]/test': { POST: ADMIN_IN_PERSON },
	'/api/notification-rules': { GET: SIGNED_IN, PUT: SIGNED_IN },
	'/api/tokens': { GET: ADMIN_IN_PERSON, POST: ADMIN_IN_PERSON },
	'/api/tokens/[id]': { DELETE: ADMIN_IN_PERSON },
	'/api/users': { GET: ADMIN_IN_PERSON, POST: ADMIN_IN_PERSON },
	'/api/users/[id]': { PATCH: ADMIN_IN_PERSON },
	'/api/users/[id]/sessions': { DELETE: ADMIN_IN_PERSON }
};

/** The rule for this route and method: a rule, `undeclared` (refuse: 403), or `method` (405, with the methods allowed). */
export function getAccessRule(
	routeId: string,
	method: string
): { rule: AccessRule } | { refusal: 'undeclared' } | { refusal: 'method'; allow: string[] } {
	const access = Object.hasOwn(ROUTE_ACCESS, routeId) ? ROUTE_ACCESS[routeId] : undefined;
	if (!access) return { refusal: 'undeclared' };
	const key = (method === 'HEAD' ? 'GET' : method) as Method;
	const rule = Object.hasOwn(access, key) ? access[key] : undefined;
	if (rule) return { rule };
	const allow = Object.keys(access);
	return { refusal: 'method', allow: allow.includes('GET') ? [...allow, 'HEAD'] : allow };
}
