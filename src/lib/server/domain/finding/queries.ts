import type { Finding } from '$lib/domain/finding/findings';
import type { Queryable } from '../../db/client';

/** A site's open findings, newest received first: what a console lists. */
export async function listOpenFindingRows(sql: Queryable, site: string): Promise<Finding[]> {
	return (await sql<{ state: Finding }[]>`select state from finding where site = ${site} and status = 'open' order by reported_at desc, seq desc`).map((r) => r.state);
}

/** Every finding the table holds for a site. */
export async function listAllFindingRows(sql: Queryable, site: string): Promise<Finding[]> {
	return (await sql<{ state: Finding }[]>`select state from finding where site = ${site}`).map((r) => r.state);
}

/** One finding as stored, or null. */
export async function getFinding(sql: Queryable, site: string, id: string): Promise<Finding | null> {
	const [row] = await sql<{ state: Finding }[]>`select state from finding where site = ${site} and id = ${id}`;
	return row?.state ?? null;
}
