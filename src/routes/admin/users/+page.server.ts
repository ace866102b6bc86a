import { error, fail } from '@sveltejs/kit';
import { readFormData } from '$lib/server/http/form-body';
import { ROLES, type SessionUser } from '$lib/domain/access';
import { refusalOf } from '$lib/server/admin/api-refusal';
import { requireRole } from '$lib/server/auth/authorization';
import { PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';
import { listSiteGuards, listSites } from '$lib/server/domain/site/queries';
import type { Actions, PageServerLoad } from './$types';

type Fetch = typeof fetch;
type ListedUser = SessionUser & { disabled: boolean };
type UserAction = 'create' | 'update' | 'password' | 'disable' | 'enable' | 'sessions';
type Problem = 'invalid' | 'taken' | 'missing' | 'failed';

/**
 * What an action tells the page: which form (action and target user) and, on failure, the
 * problem and the fields the API refused. The API's own wording never reaches the browser;
 * the page words it in the user's language.
 */
interface Outcome {
	action: UserAction;
	target: string | null;
	problem: Problem | null;
	fields: string[];
	/** The created username (create only). */
	username?: string;
	/** What the admin typed, minus the password, so a refused create form keeps it without JS. */
	values?: { username: string; displayName: string; role: string; sites: string[] };
}

const done = (action: UserAction, target: string | null, extra: Partial<Outcome> = {}): Outcome => ({
	action,
	target,
	problem: null,
	fields: [],
	...extra
});

// The actions go through the JSON API (the page's fetch forwards the session cookie), so
// validation, auditing and ending sessions happen in one place.
const send = (fetch: Fetch, path: string, method: string, body?: unknown) =>
	fetch(path, {
		method,
		headers: body === undefined ? undefined : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

async function refuse(action: UserAction, target: string | null, response: Response, extra: Partial<Outcome> = {}) {
	const { status, problem, fields } = await refusalOf(response, 'taken');
	return fail(status, done(action, target, { ...extra, problem, fields }));
}

async function listUsers(fetch: Fetch): Promise<ListedUser[]> {
	const response = await fetch('/api/users');
	if (!response.ok) error(502, 'users unavailable');
	return ((await response.json()) as { users: ListedUser[] }).users;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');
function sameSites(a: string[], b: string[]): boolean {
	const [x, y] = [[...a].sort(), [...b].sort()];
	return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** Users with their role, sites and state; the sites (with their names) to choose from. */
export const load: PageServerLoad = async ({ locals, fetch }) => {
	const admin = requireRole(locals.user, 'admin');
	const [users, sites, guards] = await Promise.all([listUsers(fetch), listSites(locals.runtime.sql), listSiteGuards(locals.runtime.sql)]);
	return {
		users,
		sites: sites.map(({ id, name }) => ({ id, name, guards: guards.get(id) ?? [] })),
		roles: ROLES,
		me: admin.id,
		passwordMinLength: PASSWORD_MIN_LENGTH
	};
};

export const actions: Actions = {
	create: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const form = await readFormData(request);
		const values = {
			username: text(form, 'username').trim(),
			displayName: text(form, 'displayName'),
			role: text(form, 'role'),
			sites: form.getAll('sites').map(String)
		};
		const response = await send(fetch, '/api/users', 'POST', { ...values, password: text(form, 'password') });
		if (response.status !== 201) return refuse('create', null, response, { values });
		return done('create', null, { username: values.username });
	},

	/** Display name, role and sites; only what changed is sent, since a role or site change signs the user out. */
	update: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const form = await readFormData(request);
		const id = text(form, 'id');
		const current = (await listUsers(fetch)).find((u) => u.id === id);
		if (!current) return fail(404, done('update', id, { problem: 'missing' }));
		const change: Record<string, unknown> = {};
		const displayName = form.get('displayName');
		if (displayName !== null && String(displayName) !== current.displayName) change.displayName = String(displayName);
		const role = form.get('role');
		if (role !== null && role !== current.role) change.role = String(role);
		const sites = form.getAll('sites').map(String);
		if (!sameSites(sites, current.sites)) change.sites = sites;
		// `site/guard`, or empty to unlink; absent when the form offers no link (not a guard account).
		const guard = form.get('guard');
		if (guard !== null) {
			const [site, id] = String(guard).split('/');
			const link = site && id ? { site, guard: id } : null;
			if (link?.site !== current.guard?.site || link?.guard !== current.guard?.guard) change.guard = link;
		}
		if (Object.keys(change).length === 0) return done('update', id);
		const response = await send(fetch, `/api/users/${encodeURIComponent(id)}`, 'PATCH', change);
		return response.ok ? done('update', id) : refuse('update', id, response);
	},

	password: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const form = await readFormData(request);
		const id = text(form, 'id');
		const response = await send(fetch, `/api/users/${encodeURIComponent(id)}`, 'PATCH', { password: text(form, 'password') });
		return response.ok ? done('password', id) : refuse('password', id, response);
	},

	disable: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const id = text(await readFormData(request), 'id');
		const response = await send(fetch, `/api/users/${encodeURIComponent(id)}`, 'PATCH', { disabled: true });
		return response.ok ? done('disable', id) : refuse('disable', id, response);
	},

	enable: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const id = text(await readFormData(request), 'id');
		const response = await send(fetch, `/api/users/${encodeURIComponent(id)}`, 'PATCH', { disabled: false });
		return response.ok ? done('enable', id) : refuse('enable', id, response);
	},

	sessions: async ({ request, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const id = text(await readFormData(request), 'id');
		const response = await send(fetch, `/api/users/${encodeURIComponent(id)}/sessions`, 'DELETE');
		return response.ok ? done('sessions', id) : refuse('sessions', id, response);
	}
};
