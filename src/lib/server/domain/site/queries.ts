import type { LocalizedName } from '$lib/domain/site/model';
import type { Queryable, Sql } from '../../db/client';
import { readLatestEvents } from '../../event-log/read';
import type { Projection } from '../../event-log/projection';
import { SNAPSHOT_LATEST, type ProjectionRowsBySite, type SiteSnapshot } from '$lib/realtime/contract';
import type { DeviceKind, FloorPlan, LngLat, SiteBundle, SiteGuard, SitePlan } from '$lib/domain/site/model';
import type { BuildingPlaces } from '$lib/domain/site/places';

export interface SiteSummary {
	id: string;
	name: LocalizedName;
	timeZone: string;
	/** Last committed seq of the site's stream. */
	head: number;
}

export async function listSites(sql: Sql): Promise<SiteSummary[]> {
	const rows = await sql<{ id: string; name: LocalizedName; time_zone: string; head: number }[]>`
		select s.id, s.name, s.time_zone, h.seq as head
		from site s join stream_head h on h.stream = s.id order by s.id`;
	return rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone, head: r.head }));
}

/** Sites' names and clocks by id, for the words of what names them (a notification); unknown ids are left out. */
export async function listSiteLabels(sql: Queryable, ids: readonly string[]): Promise<Map<string, { name: LocalizedName; timeZone: string }>> {
	if (!ids.length) return new Map();
	const rows = await sql<{ id: string; name: LocalizedName; time_zone: string }[]>`select id, name, time_zone from site where id = any(${[...ids]})`;
	return new Map(rows.map((r) => [r.id, { name: r.name, timeZone: r.time_zone }]));
}

export async function countSites(sql: Sql): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from site`;
	return row.n;
}

/** Every projection's rows for one site, read with the caller's reader (a snapshot's transaction). */
export async function listProjectionRows(sql: Queryable, projections: readonly Projection[], site: string, now: Date): Promise<ProjectionRowsBySite> {
	const lists = await Promise.all(projections.map((p) => p.list(sql, site, now)));
	return Object.fromEntries(projections.map((p, n) => [p.name, lists[n]])) as ProjectionRowsBySite;
}

/** A site's snapshot for a console, read in one repeatable-read transaction so the head, the latest events and every projection agree. */
export async function getSiteSnapshot(sql: Sql, site: string, projections: readonly Projection[], now: Date): Promise<SiteSnapshot | null> {
	return (await sql.begin('isolation level repeatable read read only', async (tx) => {
		const [row] = await tx<{ id: string; name: LocalizedName; time_zone: string; head: number }[]>`
			select s.id, s.name, s.time_zone, h.seq as head from site s join stream_head h on h.stream = s.id where s.id = ${site}`;
		if (!row) return null;
		const [latest, rows] = await Promise.all([readLatestEvents(tx, site, SNAPSHOT_LATEST), listProjectionRows(tx, projections, site, now)]);
		return { id: row.id, name: row.name, timeZone: row.time_zone, head: row.head, latest, projections: rows };
	})) as SiteSnapshot | null;
}

export interface SiteDetail {
	id: string;
	name: LocalizedName;
	address: LocalizedName;
	timeZone: string;
	/** WGS-84 [lng, lat]. */
	center: [number, number];
	/** The plan (GeoJSON FeatureCollection): buildings, gates, roads, zones, checkpoints and alarm points. */
	plan: SitePlan;
	floorPlans: FloorPlan[];
	guards: SiteGuard[];
}

/** Each site's guards (from its bundle), for linking guard accounts. */
export async function listSiteGuards(sql: Sql): Promise<Map<string, SiteGuard[]>> {
	const rows = await sql<{ id: string; guards: SiteGuard[] }[]>`select id, guards from site order by id`;
	return new Map(rows.map((r) => [r.id, r.guards ?? []]));
}

/** Whether the site's bundle has this guard. */
export async function isGuardOfSite(sql: Queryable, site: string, guard: string): Promise<boolean> {
	const [row] = await sql<{ known: boolean }[]>`
		select exists (select 1 from site, jsonb_array_elements(site.guards) g where site.id = ${site} and g->>'id' = ${guard}) as known`;
	return row.known;
}

/** One site as its model stands: names, time zone, plan, floor plans and guards. */
export async function getSite(sql: Sql, site: string): Promise<SiteDetail | null> {
	const [row] = await sql<
		{ id: string; name: LocalizedName; address: LocalizedName; time_zone: string; center: [number, number]; plan: SitePlan; floor_plans: FloorPlan[]; guards: SiteGuard[] }[]
	>`select id, name, address, time_zone, center, plan, floor_plans, guards from site where id = ${site}`;
	return row
		? { id: row.id, name: row.name, address: row.address, timeZone: row.time_zone, center: row.center, plan: row.plan, floorPlans: row.floor_plans, guards: row.guards }
		: null;
}

/**
 * A site's model as a bundle, for export: what the last import stored plus every device
 * registered since (a device registered without a name is named by its id).
 */
export async function readSiteBundle(sql: Sql, site: string): Promise<SiteBundle | null> {
	const [row] = await sql<
		{ id: string; name: LocalizedName; address: LocalizedName; time_zone: string; center: LngLat; plan: SitePlan; guards: SiteGuard[]; places: BuildingPlaces[]; floor_plans: FloorPlan[] }[]
	>`select id, name, address, time_zone, center, plan, guards, places, floor_plans from site where id = ${site}`;
	if (!row) return null;
	const devices = await sql<{ id: string; kind: DeviceKind | null; name: LocalizedName | null }[]>`
		select id, kind, name from device where site = ${site}`;
	return {
		site: { id: row.id, name: row.name, address: row.address, timeZone: row.time_zone, center: row.center },
		devices: devices.map((d) => ({ id: d.id, kind: d.kind ?? 'gateway', name: d.name ?? { 'zh-CN': d.id, 'zh-TW': d.id, en: d.id } })),
		guards: row.guards,
		places: row.places,
		floorPlans: row.floor_plans,
		plan: row.plan
	};
}

export interface SiteModelSummary {
	id: string;
	name: LocalizedName;
	timeZone: string;
	features: number;
	devices: number;
	places: number;
	floorPlans: number;
}

/** Each site with the size of its model: what the admin's sites page lists. */
export async function listSiteModels(sql: Sql): Promise<SiteModelSummary[]> {
	return await sql<SiteModelSummary[]>`
		select s.id, s.name, s.time_zone as "timeZone",
			jsonb_array_length(s.plan -> 'features') as features,
			(select count(*)::int from device d where d.site = s.id) as devices,
			(select count(*)::int from place p where p.site = s.id) as places,
			jsonb_array_length(s.floor_plans) as "floorPlans"
		from site s order by s.id`;
}

/** What the admin's floor-plan form offers and lists: each site's buildings and garages, and its floor plans (without their images). */
export async function listFloorPlanTargets(sql: Sql): Promise<{
	buildings: { site: string; id: string; kind: 'building' | 'garage'; name: LocalizedName }[];
	floorPlans: { site: string; building: string; floor: number; bytes: number }[];
}> {
	const buildings = await sql<{ site: string; id: string; kind: 'building' | 'garage'; name: LocalizedName }[]>`
		select s.id as site, f -> 'properties' ->> 'id' as id, f -> 'properties' ->> 'kind' as kind, f -> 'properties' -> 'name' as name
		from site s, jsonb_array_elements(s.plan -> 'features') f
		where f -> 'properties' ->> 'kind' in ('building', 'garage') order by s.id, f -> 'properties' ->> 'id'`;
	const floorPlans = await sql<{ site: string; building: string; floor: number; bytes: number }[]>`
		select s.id as site, p ->> 'building' as building, (p ->> 'floor')::int as floor, length(p ->> 'image') as bytes
		from site s, jsonb_array_elements(s.floor_plans) p order by s.id, p ->> 'building', (p ->> 'floor')::int`;
	return { buildings, floorPlans };
}

/** The ids among `sites` that name no site, so a caller can refuse them with a 400 instead of a foreign-key error. */
export async function listUnknownSites(sql: Queryable, sites: readonly string[]): Promise<string[]> {
	if (!sites.length) return [];
	const rows = await sql<{ id: string }[]>`select unnest(${sites as string[]}::text[]) as id except select id from site`;
	return rows.map((r) => r.id);
}

/** A bundle as one of the site's imports stored it (`PlanVersion.sha256`), or null when it is not that site's. */
export async function readBundleVersion(sql: Queryable, site: string, sha256: string): Promise<SiteBundle | null> {
	const [row] = await sql<{ content: string }[]>`select content from site_bundle where sha256 = ${sha256}`;
	if (!row) return null;
	const bundle = JSON.parse(row.content) as SiteBundle;
	return bundle.site.id === site ? bundle : null;
}

/** A site's name and plan, without the floor plans' images: what a page about its checkpoints needs. Null for an unknown site. */
export async function getSitePlan(sql: Queryable, site: string): Promise<{ id: string; name: LocalizedName; plan: SitePlan } | null> {
	const [row] = await sql<{ id: string; name: LocalizedName; plan: SitePlan }[]>`select id, name, plan from site where id = ${site}`;
	return row ?? null;
}
