import { randomUUID } from 'node:crypto';
import type { SessionUser } from '$lib/domain/access';
import type { Incident, IncidentKind } from '$lib/domain/incident/model';
import { evolveIncident } from '$lib/domain/incident/evolve';
import type { Severity } from '$lib/domain/site/model';
import type { Queryable } from '../../db/client';
import { newEvent, type RunCommand } from '../../commands';

/** An incident opened by hand: at a place of the site's tree, or (a drill) on an alarm point. */
export interface OpeningInput {
	site: string;
	kind: IncidentKind;
	severity: Severity;
	place: string | null;
	note: string | null;
	drill?: { device: string; point: string };
}

export type OpeningRefusal = 'unknown_site' | 'unknown_place' | 'unknown_point';
export type OpeningOutcome = { ok: true; incident: Incident } | { ok: false; reason: OpeningRefusal };

async function isPlaceOfSite(sql: Queryable, site: string, place: string): Promise<boolean> {
	const [row] = await sql`select 1 from place where site = ${site} and id = ${place}`;
	return !!row;
}

async function isAlarmPointOfSite(sql: Queryable, site: string, device: string, point: string): Promise<boolean> {
	const [row] = await sql`
		select 1 from site, jsonb_array_elements(site.plan -> 'features') f
		where site.id = ${site} and f -> 'properties' ->> 'kind' = 'alarm_point'
			and f -> 'properties' ->> 'device' = ${device} and f -> 'properties' ->> 'id' = ${point}`;
	return !!row;
}

/**
 * Open an incident by hand (`IncidentOpened`, the operator its source): it then lives like any
 * other, its kind's procedure attached in the same transaction. A drill runs `kind`'s procedure
 * on an alarm point of the site, and is marked a drill everywhere. The opening's own id (a UUID)
 * is its key's point, so two openings of the same kind at one place are two incidents.
 */
export async function openIncidentByHand(run: RunCommand, user: SessionUser, input: OpeningInput): Promise<OpeningOutcome> {
	const outcome = await run<OpeningRefusal>(input.site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'unknown_site' };
		if (input.place && !(await isPlaceOfSite(tx, input.site, input.place))) return { ok: false, reason: 'unknown_place' };
		if (input.drill && !(await isAlarmPointOfSite(tx, input.site, input.drill.device, input.drill.point))) return { ok: false, reason: 'unknown_point' };
		const data = {
			kind: input.kind,
			severity: input.severity,
			place: input.place,
			note: input.note,
			...(input.drill ? { drill: true, target: input.drill } : {})
		};
		return {
			ok: true,
			events: [newEvent({ stream: input.site, type: 'IncidentOpened', sourceKind: 'user', sourceId: user.id, sourceEventId: randomUUID(), data }, now)]
		};
	});
	if (!outcome.ok) return outcome;
	const incident = evolveIncident(undefined, outcome.envelopes[0]);
	if (!incident) throw new Error('an opening appended no incident');
	return { ok: true, incident };
}
