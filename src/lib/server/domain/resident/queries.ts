import { RESIDENT_SEARCH_LIMIT, type ResidentRecord } from '$lib/domain/resident/model';
import type { Queryable } from '../../db/client';

/** What a search may narrow by; every given one must match. */
export interface ResidentSearch {
	/** A place of the site's tree: residents at it or anywhere under it (a building, unit, floor or room). */
	unit?: string;
	/** The phone number's last digits (its other characters ignored). */
	phoneSuffix?: string;
	/** Part of the name or of the place id. */
	q?: string;
	/** Whether `q` may match names: only for the roles that may reveal them (others could spell a name out by guessing). */
	qMatchesName?: boolean;
	/** Erased residents too (they keep their id and unit). */
	includeErased?: boolean;
}

type Row = {
	id: string;
	site: string;
	unit: string;
	name: string | null;
	phone: string | null;
	note: string | null;
	created_at: Date;
	updated_at: Date;
	erased_at: Date | null;
};

const toRecord = (r: Row): ResidentRecord => ({
	id: r.id,
	site: r.site,
	unit: r.unit,
	name: r.name,
	phone: r.phone,
	note: r.note,
	createdAt: r.created_at,
	updatedAt: r.updated_at,
	erasedAt: r.erased_at
});

/** `like` pattern for a literal text: its own `%`, `_` and `\` match only themselves. */
const literal = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A site's residents, by place, phone suffix and text, at most RESIDENT_SEARCH_LIMIT, by unit
 * then age. A place matches the residents of every place under it: the place table names each
 * place's building, unit, floor and room, so the resident's place is compared on those.
 */
export async function searchResidents(sql: Queryable, site: string, q: ResidentSearch = {}): Promise<ResidentRecord[]> {
	const [picked] = q.unit
		? await sql<{ building: string; unit: string | null; floor: number | null; room: string | null }[]>`
				select building, unit, floor, room from place where site = ${site} and id = ${q.unit}`
		: [];
	const text = q.q ? `%${literal(q.q)}%` : null;
	const rows = await sql<Row[]>`
		select r.id, r.site, r.unit, r.name, r.phone, r.note, r.created_at, r.updated_at, r.erased_at
		from resident r
		${picked ? sql`join place p on p.site = r.site and p.id = r.unit` : sql``}
		where r.site = ${site}
			${q.includeErased ? sql`` : sql`and r.erased_at is null`}
			${q.unit && !picked ? sql`and r.unit = ${q.unit}` : sql``}
			${picked ? sql`and p.building = ${picked.building}` : sql``}
			${picked?.unit != null ? sql`and p.unit = ${picked.unit}` : sql``}
			${picked?.floor != null ? sql`and p.floor = ${picked.floor}` : sql``}
			${picked?.room != null ? sql`and p.room = ${picked.room}` : sql``}
			${q.phoneSuffix ? sql`and regexp_replace(r.phone, '\\D', '', 'g') like ${'%' + literal(q.phoneSuffix)}` : sql``}
			${text ? (q.qMatchesName ? sql`and (r.name ilike ${text} or r.unit ilike ${text})` : sql`and r.unit ilike ${text}`) : sql``}
		order by r.unit, r.created_at, r.id
		limit ${RESIDENT_SEARCH_LIMIT}`;
	return rows.map(toRecord);
}

/** One resident, erased or not; null when there is none with this id. */
export async function getResident(sql: Queryable, id: string): Promise<ResidentRecord | null> {
	const [row] = await sql<Row[]>`
		select id, site, unit, name, phone, note, created_at, updated_at, erased_at from resident where id = ${id}`;
	return row ? toRecord(row) : null;
}

/** The resident under a row lock, for a command deciding on it in its transaction. */
export async function lockResident(sql: Queryable, id: string): Promise<ResidentRecord | null> {
	const [row] = await sql<Row[]>`
		select id, site, unit, name, phone, note, created_at, updated_at, erased_at from resident where id = ${id} for update`;
	return row ? toRecord(row) : null;
}

/** Whether the site's place tree has this place. */
export async function hasPlace(sql: Queryable, site: string, place: string): Promise<boolean> {
	const [row] = await sql`select 1 from place where site = ${site} and id = ${place}`;
	return !!row;
}
