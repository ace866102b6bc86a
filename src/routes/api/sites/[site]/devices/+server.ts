import { error, json } from '@sveltejs/kit';
import { newDeviceSchema } from '$lib/domain/device/model';
import { requireRole } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { createDeviceCommand } from '$lib/server/auth/device-commands';
import { listDevices } from '$lib/server/auth/devices';
import type { RequestHandler } from './$types';

async function requireSite(sql: App.Locals['runtime']['sql'], site: string): Promise<void> {
	const [row] = await sql`select 1 from site where id = ${site}`;
	if (!row) error(404, 'no such site');
}

/** Admins list a site's devices with their online and credential state (never a secret). */
export const GET: RequestHandler = async ({ locals, params }) => {
	requireRole(locals.user, 'admin');
	await requireSite(locals.runtime.sql, params.site);
	return json({ devices: await listDevices(locals.runtime.sql, params.site) });
};

/**
 * Admins register a device and get its MQTT/HTTP credential, shown this once: 201
 * `{device, username, password}`; 409 while it has an active credential (rotate it instead).
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const input = await readJsonBody(request, newDeviceSchema);
	const outcome = await createDeviceCommand(locals.runtime.run, { site: params.site, id: input.id, kind: input.kind }, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) {
		if (outcome.reason === 'unknown_site') error(404, 'no such site');
		return json({ message: 'this device already has a credential: rotate or revoke it' }, { status: 409 });
	}
	locals.runtime.disconnectDevice(outcome.issued.username);
	return json(outcome.issued, { status: 201, headers: { 'cache-control': 'no-store' } });
};
