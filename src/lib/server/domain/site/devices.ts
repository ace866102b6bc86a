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
