import type { GuardLink, SessionUser } from '$lib/domain/access';
import { listArrivals, refuseAcceptance } from '$lib/domain/guard/arrival';
import type { Incident } from '$lib/domain/incident/model';
import type { SitePlan } from '$lib/domain/site/model';
import type { Queryable } from '../../db/client';
import { newEvent, type RunCommand } from '../../commands';
import { getIncident } from '../incident/queries';

/**
 * The guard's steps on incidents sent to the phone: taking one, and arriving (a scan near it).
 * Both decided under the site's stream lock on the incidents as stored, like an operator's step.
 */

/** Open incidents sent to `guard` on `site`. */
export async function listDispatchedIncidents(sql: Queryable, site: string, guard: string): Promise<Incident[]> {
	const rows = await sql<{ state: Incident }[]>`
		select state from incident
		where site = ${site} and status in ('new', 'acknowledged', 'dispatched', 'on_scene') and state->'dispatch'->>'guard' = ${guard}
		order by priority, opened_at`;
	return rows.map((r) => r.state);
}

export async function readSitePlan(sql: Queryable, site: string): Promise<SitePlan | null> {
	const [row] = await sql<{ plan: SitePlan }[]>`select plan from site where id = ${site}`;
	return row?.plan ?? null;
}

export type AcceptRefusal = 'not_found' | 'not_yours' | 'not_open' | 'already_accepted';

/** The guard takes an incident sent to them; `already_accepted` when they had (the phone shows it taken either way). */
export async function acceptDispatch(run: RunCommand, user: SessionUser, link: GuardLink, item: { id: string; incident: string }) {
	return run<AcceptRefusal>(link.site, async ({ tx, now }) => {
		const incident = await getIncident(tx, item.incident);
		const refusal = incident?.site === link.site ? refuseAcceptance(incident, link.guard) : 'not_found';
		if (refusal) return { ok: false, reason: refusal };
		if (incident!.dispatch!.acceptedAt !== null) return { ok: false, reason: 'already_accepted' };
		const data = { incident: item.incident, guard: link.guard };
		return { ok: true, events: [newEvent({ stream: link.site, type: 'IncidentDispatchAccepted', sourceKind: 'user', sourceId: user.id, sourceEventId: item.id, data }, now)] };
	});
}

/**
 * After a scan of the guard's is stored: each incident sent to the guard whose place is near the
 * scanned checkpoint (`isAtIncident`) is on scene, at the scan's own time. One arrival per
 * incident and account (its source id names the incident), so a retried scan adds nothing.
 */
export async function recordArrivals(run: RunCommand, user: SessionUser, link: GuardLink, scan: { checkpoint: string; at: Date }): Promise<string[]> {
	let arrived: string[] = [];
	await run<'none'>(link.site, async ({ tx, now }) => {
		const incidents = await listDispatchedIncidents(tx, link.site, link.guard);
		if (!incidents.length) return { ok: false, reason: 'none' };
		const plan = await readSitePlan(tx, link.site);
		const reached = plan ? listArrivals(plan, incidents, link.guard, scan.checkpoint) : [];
		if (!reached.length) return { ok: false, reason: 'none' };
		arrived = reached.map((i) => i.id);
		const events = reached.map((i) => {
			const data = { incident: i.id, guard: link.guard, checkpoint: scan.checkpoint, scannedAt: scan.at.toISOString() };
			return newEvent({ stream: link.site, type: 'IncidentArrived', sourceKind: 'user', sourceId: user.id, sourceEventId: `arrival/${i.id}`, data }, now);
		});
		return { ok: true, events };
	});
	return arrived;
}
