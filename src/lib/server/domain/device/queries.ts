import type { DeviceStatus } from '$lib/domain/device/status';
import type { LocalizedName } from '$lib/domain/site/model';
import type { Queryable } from '../../db/client';

/**
 * A site's devices that have reported, online or not. The device row changes in the same
 * transaction as the `DeviceWentOffline` / `DeviceCameOnline` event, so this agrees with the
 * stream at the moment it is read.
 */
export async function listDeviceStatuses(sql: Queryable, site: string): Promise<DeviceStatus[]> {
	return await sql<DeviceStatus[]>`select site, id, online from device where site = ${site} and online is not null order by id`;
}

/** A site's device names by id, from its bundle (devices registered without one are left out). */
export async function getDeviceNames(sql: Queryable, site: string): Promise<Record<string, LocalizedName>> {
	const rows = await sql<{ id: string; name: LocalizedName }[]>`select id, name from device where site = ${site} and name is not null`;
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
