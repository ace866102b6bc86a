import type { Checklist } from '$lib/domain/checklist/model';
import type { Queryable } from '../../db/client';

/** The checklist of an incident, or null when its kind had no procedure. */
export async function getChecklist(sql: Queryable, incident: string): Promise<Checklist | null> {
	const [row] = await sql<{ state: Checklist }[]>`select state from checklist where id = ${incident}`;
	return row?.state ?? null;
}

/** The checklists of these incidents that have one. */
export async function listChecklists(sql: Queryable, incidents: readonly string[]): Promise<Checklist[]> {
	if (!incidents.length) return [];
	return (await sql<{ state: Checklist }[]>`select state from checklist where id = any(${incidents as string[]})`).map((r) => r.state);
}

/** A site's checklists of incidents not closed: what a console shows. */
export async function listOpenChecklists(sql: Queryable, site: string): Promise<Checklist[]> {
	return (await sql<{ state: Checklist }[]>`select state from checklist where site = ${site} and closed_at is null`).map((r) => r.state);
}

/** Every checklist of a site, closed ones included. */
export async function listAllChecklists(sql: Queryable, site: string): Promise<Checklist[]> {
	return (await sql<{ state: Checklist }[]>`select state from checklist where site = ${site}`).map((r) => r.state);
}
