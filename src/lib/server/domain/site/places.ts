import type { Place } from '$lib/domain/site/places';
import type { LocalizedName } from '$lib/domain/site/model';
import type { Queryable } from '../../db/client';

/** The places under `parent` (null: the buildings), in their natural order (floors bottom up). */
export async function listChildPlaces(sql: Queryable, site: string, parent: string | null): Promise<Place[]> {
	return sql<Place[]>`
		select id, kind, parent, building, unit, floor, room from place
		where site = ${site} and ${parent === null ? sql`parent is null` : sql`parent = ${parent}`}
		order by floor nulls first, length(id), id limit 1000`;
}

/** The site's buildings' names from its plan, by building id, for forms that name a building. */
export async function listBuildingNames(sql: Queryable, site: string): Promise<Record<string, LocalizedName>> {
	const rows = await sql<{ id: string; name: LocalizedName | null }[]>`
		select f -> 'properties' ->> 'id' as id, f -> 'properties' -> 'name' as name
		from site s, jsonb_array_elements(s.plan -> 'features') f
		where s.id = ${site} and f -> 'properties' ->> 'kind' = 'building'`;
	return Object.fromEntries(rows.filter((r) => r.id && r.name).map((r) => [r.id, r.name!]));
}

/** A place and its ancestors, building first (empty for an unknown place): how a ticket's place is named. */
export async function getPlacePath(sql: Queryable, site: string, id: string): Promise<Place[]> {
	const rows = await sql<(Place & { depth: number })[]>`
		with recursive up as (
			select id, kind, parent, building, unit, floor, room, 0 as depth from place where site = ${site} and id = ${id}
			union all
			select p.id, p.kind, p.parent, p.building, p.unit, p.floor, p.room, up.depth + 1
			from place p join up on p.id = up.parent where p.site = ${site} and up.depth < 8
		)
		select id, kind, parent, building, unit, floor, room, depth from up order by depth desc`;
	return rows.map(({ depth: _depth, ...p }) => p);
}
