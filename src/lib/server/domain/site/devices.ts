import type { LocalizedName } from '$lib/domain/site';
import type { Sql } from '../../db/client';

/**
 * Ids of a site's devices that are offline now, sorted. The device row changes in the same
 * transaction as the `DeviceWentOffline` / `DeviceCameOnline` event, so this agrees with the
 * stream at the moment it is read.
 */
export async function listOfflineDevices(sql: Sql, site: string): Promise<string[]> {
	const rows = await sql<{ id: string }[]>`select id from device where site = ${site} and online = false order by id`;
	return rows.map((r) => r.id);
}

/** A site's device names by id, from its bundle (devices registered without one are left out). */
export async function getDeviceNames(sql: Sql, site: string): Promise<Record<string, LocalizedName>> {
	const rows = await sql<{ id: string; name: LocalizedName }[]>`select id, name from device where site = ${site} and name is not null`;
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
