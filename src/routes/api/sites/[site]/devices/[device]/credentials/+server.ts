import { error, json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/authorization';
import { revokeDeviceCommand, rotateDeviceSecretCommand } from '$lib/server/auth/device-commands';
import type { RequestHandler } from './$types';

/** Admins rotate a device's secret: the new one is shown once, the old one stops working at once. */
export const POST: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const outcome = await rotateDeviceSecretCommand(locals.runtime.run, params.site, params.device, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) error(404, 'no active credential for this device');
	locals.runtime.disconnectDevice(outcome.issued.username);
	return json(outcome.issued, { headers: { 'cache-control': 'no-store' } });
};

/** Admins revoke a device's credential; its MQTT connection to the embedded broker is closed. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const outcome = await revokeDeviceCommand(locals.runtime.run, params.site, params.device, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) error(404, 'no active credential for this device');
	locals.runtime.disconnectDevice(outcome.username);
	return new Response(null, { status: 204 });
};
