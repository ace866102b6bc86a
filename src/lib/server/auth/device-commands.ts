import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { newEvent, type RunCommand } from '../commands';
import type { Actor, AuditMeta } from './audit';
import { findDevice, issueDeviceCredential, markDeviceRevoked, newDeviceCredentialSecret, replaceDeviceSecret, type IssuedCredential } from './devices';

/**
 * Device credential commands: each change to a credential and its audit event (in the site's
 * stream) commit together or not at all, under the site's stream lock. Secrets are made and
 * hashed before the transaction. After an outcome the caller drops the credential from the
 * authenticator's cache and closes the device's connection (`disconnectDevice`).
 */

/** The admin who issued a credential: a person, never an API token or the system. */
const issuerOf = (actor: Actor) => (actor.kind === 'user' && !actor.id.startsWith('token:') ? actor.id : null);

export type CreateDeviceOutcome = { ok: true; issued: IssuedCredential } | { ok: false; reason: 'unknown_site' | 'exists' };

/**
 * Register a device and issue its credential, and `DeviceCreated`; a revoked credential is
 * replaced. Refused while the device has an active credential (`exists`: rotate it instead).
 * The secret is in the answer only.
 */
export async function createDeviceCommand(
	run: RunCommand,
	d: { site: string; id: string; kind: string },
	actor: Actor,
	meta: AuditMeta
): Promise<CreateDeviceOutcome> {
	const { password, secretHash } = newDeviceCredentialSecret();
	const outcome = await run<'unknown_site' | 'exists', IssuedCredential>(d.site, async ({ tx, head, now }) => {
		// The system stream has a head but is no site.
		if (head === null || d.site === SYSTEM_STREAM) return { ok: false, reason: 'unknown_site' };
		const username = await issueDeviceCredential(tx, { ...d, secretHash, createdBy: issuerOf(actor) }, now);
		if (!username) return { ok: false, reason: 'exists' };
		const data = { device: d.id, kind: d.kind, username, address: meta.address };
		return {
			ok: true,
			events: [newEvent({ stream: d.site, type: 'DeviceCreated', sourceKind: actor.kind, sourceId: actor.id, data }, now)],
			value: { device: (await findDevice(tx, d.site, d.id))!, username, password }
		};
	});
	return outcome.ok ? { ok: true, issued: outcome.value! } : outcome;
}

/** A new secret for an active credential, and `DeviceCredentialRotated`; the old secret stops working. */
export async function rotateDeviceSecretCommand(
	run: RunCommand,
	site: string,
	device: string,
	actor: Actor,
	meta: AuditMeta
): Promise<{ ok: true; issued: IssuedCredential } | { ok: false; reason: 'no_credential' }> {
	const { password, secretHash } = newDeviceCredentialSecret();
	const outcome = await run<'no_credential', IssuedCredential>(site, async ({ tx, now }) => {
		const username = await replaceDeviceSecret(tx, site, device, secretHash, now);
		if (!username) return { ok: false, reason: 'no_credential' };
		const data = { device, username, address: meta.address };
		return {
			ok: true,
			events: [newEvent({ stream: site, type: 'DeviceCredentialRotated', sourceKind: actor.kind, sourceId: actor.id, data }, now)],
			value: { device: (await findDevice(tx, site, device))!, username, password }
		};
	});
	return outcome.ok ? { ok: true, issued: outcome.value! } : outcome;
}

/** Revoke a device's active credential, and `DeviceCredentialRevoked`. */
export async function revokeDeviceCommand(
	run: RunCommand,
	site: string,
	device: string,
	actor: Actor,
	meta: AuditMeta
): Promise<{ ok: true; username: string } | { ok: false; reason: 'no_credential' }> {
	const outcome = await run<'no_credential', string>(site, async ({ tx, now }) => {
		const username = await markDeviceRevoked(tx, site, device, now);
		if (!username) return { ok: false, reason: 'no_credential' };
		const data = { device, username, address: meta.address };
		return { ok: true, events: [newEvent({ stream: site, type: 'DeviceCredentialRevoked', sourceKind: actor.kind, sourceId: actor.id, data }, now)], value: username };
	});
	return outcome.ok ? { ok: true, username: outcome.value! } : outcome;
}
