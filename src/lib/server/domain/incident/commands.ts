import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope } from '$lib/domain/events';
import { decideIncidentAction, type IncidentCommand, type IncidentRefusal } from '$lib/domain/incident/decide';
import { dueEscalation, type EscalationConfig } from '$lib/domain/incident/escalation';
import { evolveIncident } from '$lib/domain/incident/evolve';
import { siteOfIncident } from '$lib/domain/incident/key';
import type { Incident } from '$lib/domain/incident/model';
import type { Tx } from '../../db/client';
import { newEvent, type RunCommand } from '../../commands';
import { getIncident } from './queries';
import { getChecklist } from '../checklist/queries';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';

export type IncidentOutcome = { ok: true; incident: Incident; event: EventEnvelope } | { ok: false; reason: IncidentRefusal };

/** Who escalates: the system, under this name, in the incident's history. */
export const ESCALATION_SOURCE = 'escalation';

const readIncident = async (tx: Tx, id: string) => (await getIncident(tx, id)) ?? undefined;

/**
 * An operator's step on an incident: decided on the incident as it stands under the site's
 * stream lock (no other step or alarm slips in between), appended and projected.
 */
export async function runIncidentCommand(run: RunCommand, user: SessionUser, id: string, command: IncidentCommand): Promise<IncidentOutcome> {
	const site = siteOfIncident(id);
	if (!site) return { ok: false, reason: 'not_found' };
	let current: Incident | undefined;
	const outcome = await run<IncidentRefusal>(site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'not_found' };
		current = await readIncident(tx, id);
		const checklist = command.action === 'resolve' ? await getChecklist(tx, id) : null;
		const decision = decideIncidentAction(current, command, { checklist, mayOverride: user.role === 'manager' || user.role === 'admin' });
		if (!decision.ok) return decision;
		return { ok: true, events: [newEvent({ stream: site, type: decision.type, sourceKind: 'user', sourceId: user.id, data: decision.data }, now)] };
	});
	if (!outcome.ok) return outcome;
	const event = outcome.envelopes[0];
	// The same rule the projection just ran, so the caller sees the incident as stored.
	const incident = event && evolveIncident(current, event);
	if (!incident) throw new Error(`incident ${id}: the step was appended but changed nothing`);
	return { ok: true, incident, event };
}

/**
 * Escalate an unacknowledged incident if a level is due at the runtime's `now`: decided again
 * under the stream lock (an acknowledgement may have just come in), once per level (its
 * source id names the level). Returns the level recorded, or null when none was due.
 */
export async function escalateIncident(run: RunCommand, id: string, config: EscalationConfig, item?: DueItem): Promise<number | null> {
	const site = siteOfIncident(id);
	if (!site) return null;
	let level: number | null = null;
	await run<'not_due'>(
		site,
		async ({ tx, now }) => {
			const incident = await readIncident(tx, id);
			const due = incident ? dueEscalation(incident, now, config) : null;
			if (!incident || !due) {
				// Nothing to escalate (acknowledged, or gone): a due item the projection did not move is stale.
				if (item) await clearDueItem(tx, item);
				return { ok: false, reason: 'not_due' };
			}
			level = due.level;
			return {
				ok: true,
				events: [
					newEvent(
						{
							stream: site,
							type: 'IncidentEscalated',
							sourceKind: 'system',
							sourceId: ESCALATION_SOURCE,
							sourceEventId: `${id}/escalation/${due.level}`,
							data: { incident: id, level: due.level, severity: incident.severity }
						},
						now
					)
				]
			};
		},
		{ channel: 'system', topic: null }
	);
	return level;
}
