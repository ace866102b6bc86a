import type { Place } from '$lib/domain/site/places';
import type { Queryable } from '../../db/client';

/** The places under `parent` (null: the buildings), in their natural order (floors bottom up). */
export async function listChildPlaces(sql: Queryable, site: string, parent: string | null): Promise<Place[]> {
	return sql<Place[]>`
		select id, kind, parent, building, unit, floor, room from place
		where site = ${site} and ${parent === null ? sql`parent is null` : sql`parent = ${parent}`}
		order by floor nulls first, length(id), id limit 1000`;
}
