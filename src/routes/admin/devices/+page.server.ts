import { error, fail } from '@sveltejs/kit';
import { readFormData } from '$lib/server/http/form-body';
import type { DeviceInfo } from '$lib/domain/device/model';
import { DEVICE_KINDS } from '$lib/domain/site/model';
import { refusalOf } from '$lib/server/admin/api-refusal';
import { requireRole } from '$lib/server/auth/authorization';
import { listSites } from '$lib/server/domain/site/queries';
import type { Sql } from '$lib/server/db/client';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Fetch = typeof fetch;
type DeviceAction = 'create' | 'issue' | 'rotate' | 'revoke';
type Problem = 'invalid' | 'exists' | 'missing' | 'failed';

/**
 * What an action tells the page: which form (action and target device) and, on failure, the
 * problem and the fields the API refused, worded by the page in the user's language.
 */
interface Outcome {
	action: DeviceAction;
	target: string | null;
	problem: Problem | null;
	fields: string[];
	/** A newly issued credential: this answer is the only time its password is shown. */
	issued?: { device: string; username: string; password: string };
}

const done = (action: DeviceAction, target: string | null, extra: Partial<Outcome> = {}): Outcome => ({
	action,
	target,
	problem: null,
	fields: [],
	...extra
});

async function refuse(action: DeviceAction, target: string | null, response: Response) {
	const { status, problem, fields } = await refusalOf(response, 'exists');
	return fail(status, done(action, target, { problem, fields }));
}

/** The sites, and the request's `?site=` if it names one of them (else null). */
async function findSite(sql: Sql, url: URL) {
	const sites = (await listSites(sql)).map(({ id, name }) => ({ id, name }));
	const wanted = url.searchParams.get('site');
	return { sites, site: sites.find((s) => s.id === wanted)?.id ?? null };
}

const devicesPath = (site: string) => `/api/sites/${encodeURIComponent(site)}/devices`;
const credentialsPath = (site: string, device: string) => `${devicesPath(site)}/${encodeURIComponent(device)}/credentials`;

async function listDevices(fetch: Fetch, site: string): Promise<DeviceInfo[]> {
	const response = await fetch(devicesPath(site));
	if (!response.ok) error(502, 'devices unavailable');
	return ((await response.json()) as { devices: DeviceInfo[] }).devices;
}

/** The site's devices with their connection and credential state; the sites to choose from. */
export const load: PageServerLoad = async ({ locals, url, fetch }) => {
	requireRole(locals.user, 'admin');
	const found = await findSite(locals.runtime.sql, url);
	// The page shows some site even when ?site= is missing or unknown; the actions do not guess.
	const site = found.site ?? found.sites[0]?.id ?? null;
	return { sites: found.sites, site, devices: site ? await listDevices(fetch, site) : [], kinds: DEVICE_KINDS };
};

/** Register a device (or give a revoked one a new credential); the password comes back once. */
function issue(action: 'create' | 'issue') {
	return async ({ request, url, fetch, locals }: RequestEvent) => {
		requireRole(locals.user, 'admin');
		const { site } = await findSite(locals.runtime.sql, url);
		const form = await readFormData(request);
		const id = String(form.get('id') ?? '').trim();
		const target = action === 'issue' ? id : null;
		if (!site) return fail(404, done(action, target, { problem: 'failed' }));
		const response = await fetch(devicesPath(site), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id, kind: String(form.get('kind') ?? '') })
		});
		if (response.status !== 201) return refuse(action, target, response);
		const body = (await response.json()) as { device: DeviceInfo; username: string; password: string };
		return done(action, target, { issued: { device: body.device.id, username: body.username, password: body.password } });
	};
}

export const actions: Actions = {
	create: issue('create'),
	issue: issue('issue'),

	/** A new password; the old one stops working at once. */
	rotate: async ({ request, url, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const { site } = await findSite(locals.runtime.sql, url);
		const device = String((await readFormData(request)).get('device') ?? '');
		if (!site) return fail(404, done('rotate', device, { problem: 'missing' }));
		const response = await fetch(credentialsPath(site, device), { method: 'POST' });
		if (!response.ok) return refuse('rotate', device, response);
		const body = (await response.json()) as { device: DeviceInfo; username: string; password: string };
		return done('rotate', device, { issued: { device: body.device.id, username: body.username, password: body.password } });
	},

	/** Revoke the credential; the device is disconnected. */
	revoke: async ({ request, url, fetch, locals }) => {
		requireRole(locals.user, 'admin');
		const { site } = await findSite(locals.runtime.sql, url);
		const device = String((await readFormData(request)).get('device') ?? '');
		if (!site) return fail(404, done('revoke', device, { problem: 'missing' }));
		const response = await fetch(credentialsPath(site, device), { method: 'DELETE' });
		return response.ok ? done('revoke', device) : refuse('revoke', device, response);
	}
};
