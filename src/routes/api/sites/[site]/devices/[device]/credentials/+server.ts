import { error, json } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { revokeDevice, rotateDeviceSecret } from '$lib/server/auth/devices';
import type { RequestHandler } from './$types';

/** Admins rotate a device's secret: the new one is shown once, the old one stops working at once. */
export const POST: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const issued = await rotateDeviceSecret(locals.runtime.sql, params.site, params.device);
	if (!issued) error(404, 'no active credential for this device');
	locals.runtime.disconnectDevice(issued.username);
	await recordAudit(locals.runtime.run, {
		type: 'DeviceCredentialRotated',
		actor: { kind: 'user', id: admin.id },
		site: params.site,
		data: { device: params.device, username: issued.username, address: getClientAddress() }
	});
	return json(issued, { headers: { 'cache-control': 'no-store' } });
};

/** Admins revoke a device's credential; its MQTT connection to the embedded broker is closed. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const username = await revokeDevice(locals.runtime.sql, params.site, params.device);
	if (!username) error(404, 'no active credential for this device');
	locals.runtime.disconnectDevice(username);
	await recordAudit(locals.runtime.run, {
		type: 'DeviceCredentialRevoked',
		actor: { kind: 'user', id: admin.id },
		site: params.site,
		data: { device: params.device, username, address: getClientAddress() }
	});
	return new Response(null, { status: 204 });
};
