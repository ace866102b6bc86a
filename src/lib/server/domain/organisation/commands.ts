import { evolveOrganisation } from '$lib/domain/organisation/evolve';
import type { Organisation, SiteOrganisation } from '$lib/domain/organisation/model';
import { listOrganisationProblems, type OrganisationProblem, type OrganisationRefusal } from '$lib/domain/organisation/rules';
import { newEvent, type RunCommand } from '../../commands';
import type { Actor } from '../../auth/audit';
import { getOrganisation, listOrganisationUsers, listSiteZones } from './queries';

export type UpdateOrganisationRefusal = 'unknown_site' | 'version_conflict' | OrganisationRefusal;

export type UpdateOrganisationOutcome =
	| { ok: true; organisation: SiteOrganisation }
	/** `version`: the current one (0 when none), for a conflict; `problems`: what the site refuses, on their fields. */
	| { ok: false; reason: UpdateOrganisationRefusal; version: number; problems: OrganisationProblem[] };

/** HTTP status of a refusal: an unknown site 404, a stale version 409, the document's problems 400. */
export const statusOfOrganisationRefusal = (r: UpdateOrganisationRefusal): number => (r === 'unknown_site' ? 404 : r === 'version_conflict' ? 409 : 400);

/**
 * Save a site's organisation as one document (`OrganisationUpdated`, version one past the
 * current), under the site stream's lock, if `expectedVersion` is the current version (0 when
 * none was saved): two admins editing at once cannot overwrite each other unseen. Everyone it
 * names must be one of the site's people and every steward's zone one of its plan's zones, read
 * in the same transaction (`listOrganisationProblems`); a refusal gives the first problem's code
 * and all of them. `organisation` has passed `organisationSchema` at the edge.
 */
export async function updateOrganisation(
	run: RunCommand,
	actor: Actor,
	site: string,
	input: { organisation: Organisation; expectedVersion: number }
): Promise<UpdateOrganisationOutcome> {
	let version = 0;
	let problems: OrganisationProblem[] = [];
	const outcome = await run<UpdateOrganisationRefusal>(site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'unknown_site' };
		const current = await getOrganisation(tx, site);
		version = current?.version ?? 0;
		if (input.expectedVersion !== version) return { ok: false, reason: 'version_conflict' };
		const [users, zones] = await Promise.all([listOrganisationUsers(tx, site), listSiteZones(tx, site)]);
		problems = listOrganisationProblems(input.organisation, { users: new Set(users.map((u) => u.id)), zones: new Set(zones.map((z) => z.id)) });
		if (problems.length) return { ok: false, reason: problems[0].code as OrganisationRefusal };
		const data = { version: version + 1, organisation: input.organisation };
		return { ok: true, events: [newEvent({ stream: site, type: 'OrganisationUpdated', sourceKind: actor.kind, sourceId: actor.id, data }, now)] };
	});
	if (!outcome.ok) return { ok: false, reason: outcome.reason, version, problems };
	const saved = evolveOrganisation(undefined, outcome.envelopes[0]);
	if (!saved) throw new Error('an organisation save appended no OrganisationUpdated');
	return { ok: true, organisation: saved };
}
