import type { DeviceInfo } from '$lib/domain/device/model';
import type { Queryable, Sql } from '../db/client';
import { deviceUsername, type MqttIdentity } from '../mqtt/acl';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './mosquitto-hash';

interface Row {
	site: string;
	id: string;
	kind: string | null;
	online: boolean | null;
	last_seen_at: Date | null;
	username: string | null;
	created_at: Date | null;
	rotated_at: Date | null;
	revoked_at: Date | null;
}

const toInfo = (r: Row): DeviceInfo => ({
	site: r.site,
	id: r.id,
	kind: r.kind,
	username: r.username,
	online: r.online,
	lastSeenAt: r.last_seen_at?.toISOString() ?? null,
	credential: r.created_at
		? { createdAt: r.created_at.toISOString(), rotatedAt: r.rotated_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null }
		: null
});

const selectDevices = (sql: Queryable) => sql`
	select d.site, d.id, d.kind, d.online, d.last_seen_at, c.username, c.created_at, c.rotated_at, c.revoked_at
	from device d left join device_credential c on c.site = d.site and c.device = d.id`;

export async function listDevices(sql: Queryable, site: string): Promise<DeviceInfo[]> {
	const rows = await sql<Row[]>`${selectDevices(sql)} where d.site = ${site} order by d.id`;
	return rows.map(toInfo);
}

export async function findDevice(sql: Queryable, site: string, id: string): Promise<DeviceInfo | null> {
	const [row] = await sql<Row[]>`${selectDevices(sql)} where d.site = ${site} and d.id = ${id}`;
	return row ? toInfo(row) : null;
}

export type IssuedCredential = { device: DeviceInfo; username: string; password: string };

/** A new device secret (returned once) and the hash that is stored; hashed before any transaction. */
export function newDeviceCredentialSecret(): { password: string; secretHash: string } {
	const password = newDeviceSecret();
	return { password, secretHash: hashDeviceSecret(password) };
}

/**
 * Register a device (or update its kind) and store its credential, inside the caller's
 * transaction; a revoked credential is replaced. Returns the username, or null while the
 * device still has an active credential (rotate it instead).
 */
export async function issueDeviceCredential(
	tx: Queryable,
	d: { site: string; id: string; kind: string; secretHash: string; createdBy: string | null },
	now: Date
): Promise<string | null> {
	const username = deviceUsername(d.site, d.id);
	await tx`insert into device (site, id, kind) values (${d.site}, ${d.id}, ${d.kind})
		on conflict (site, id) do update set kind = excluded.kind`;
	const rows = await tx`
		insert into device_credential (site, device, username, secret_hash, created_by, created_at)
		values (${d.site}, ${d.id}, ${username}, ${d.secretHash}, ${d.createdBy}, ${now})
		on conflict (site, device) do update
			set secret_hash = excluded.secret_hash, created_by = excluded.created_by, created_at = excluded.created_at, rotated_at = null, revoked_at = null
			where device_credential.revoked_at is not null
		returning username`;
	return rows.length ? username : null;
}

/** Replace an active credential's secret at `now`; the old one stops working. Null when there is none. */
export async function replaceDeviceSecret(tx: Queryable, site: string, id: string, secretHash: string, now: Date): Promise<string | null> {
	const rows = await tx<{ username: string }[]>`
		update device_credential set secret_hash = ${secretHash}, rotated_at = ${now}
		where site = ${site} and device = ${id} and revoked_at is null returning username`;
	return rows[0]?.username ?? null;
}

/** Revoke a device's active credential at `now`; its username, or null when it had none. */
export async function markDeviceRevoked(tx: Queryable, site: string, id: string, now: Date): Promise<string | null> {
	const rows = await tx<{ username: string }[]>`
		update device_credential set revoked_at = ${now} where site = ${site} and device = ${id} and revoked_at is null returning username`;
	return rows[0]?.username ?? null;
}

/** A device credential as sign-in reads it. */
export interface CredentialRow {
	site: string;
	device: string;
	secret_hash: string;
	revoked: boolean;
}

/**
 * What an unknown username is checked against: a hash of a secret nobody has, with the
 * parameters of ours, so refusing it costs the same PBKDF2 run as a wrong password.
 */
const UNKNOWN_DEVICE_HASH = hashDeviceSecret(newDeviceSecret());

/**
 * Whether `password` signs in as this credential. Exactly one hash verification whatever the
 * outcome (unknown username, revoked credential, wrong or right password), so the time of an
 * answer does not tell which usernames exist or which credentials were revoked.
 */
export function checkDeviceCredential(row: CredentialRow | null, password: string, verify = verifyDeviceSecret): boolean {
	const matches = verify(row?.secret_hash ?? UNKNOWN_DEVICE_HASH, password);
	return matches && row !== null && !row.revoked;
}

const CACHE_MS = 10_000;

/**
 * Checks device credentials for the embedded broker and HTTP Basic. A looked-up credential is
 * reused for 10 s (no query per HTTP ingest request) and, while the database is unreachable,
 * for as long as it stays down, so known devices can still reconnect during an outage.
 * Revocation and rotation in this process take effect at once (`forget`). Every refusal costs
 * one hash verification, like a success (`checkDeviceCredential`).
 */
export class DeviceAuthenticator {
	#cache = new Map<string, { row: CredentialRow | null; at: number }>();

	constructor(private readonly sql: Sql) {}

	async verify(username: string, password: string): Promise<Extract<MqttIdentity, { kind: 'device' }> | null> {
		// Refused on their length alone, which the caller chose: the answer's time reveals nothing stored.
		if (!username || username.length > 140 || !password || password.length > 256) return null;
		const row = await this.#lookup(username);
		const signedIn = checkDeviceCredential(row, password);
		return signedIn && row ? { kind: 'device', username, site: row.site, device: row.device } : null;
	}

	forget(username: string): void {
		this.#cache.delete(username);
	}

	async #lookup(username: string): Promise<CredentialRow | null> {
		const cached = this.#cache.get(username);
		if (cached && Date.now() - cached.at < CACHE_MS) return cached.row;
		try {
			const [row] = await this.sql<CredentialRow[]>`
				select site, device, secret_hash, revoked_at is not null as revoked from device_credential where username = ${username}`;
			if (this.#cache.size > 100_000) this.#cache.clear();
			this.#cache.set(username, { row: row ?? null, at: Date.now() });
			return row ?? null;
		} catch (err) {
			if (cached) return cached.row;
			throw err;
		}
	}
}
