import type { SessionUser } from '$lib/domain/access';
import type { Checklist } from '$lib/domain/checklist/model';
import { decideChecklistStep, listOverdueSteps, type ChecklistRefusal, type StepInput } from '$lib/domain/checklist/rules';
import { evolveChecklist } from '$lib/domain/checklist/evolve';
import type { EventEnvelope } from '$lib/domain/events';
import { siteOfIncident } from '$lib/domain/incident/key';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';
import { getIncident } from '../incident/queries';
import { getChecklist } from './queries';
import { CHECKLIST_OVERDUE } from './project';

/** Refusals of a step: the checklist's, and the incident's own state. */
export type StepRefusal = ChecklistRefusal | 'not_found' | 'not_acknowledged' | 'closed';

export type StepOutcome = { ok: true; checklist: Checklist; event: EventEnvelope } | { ok: false; reason: StepRefusal };

/** Who flags steps past their time limit, in the log. */
export const CHECKLIST_TIMER_SOURCE = 'checklist';

/**
 * An operator settles one step of an incident's checklist: decided on the checklist as it stands
 * under the site's lock, appended as the operator, projected. The incident must have been taken
 * (acknowledged or dispatched) first: whoever works the procedure has the alarm.
 */
export async function runChecklistStep(run: RunCommand, user: SessionUser, incidentId: string, step: string, input: StepInput): Promise<StepOutcome> {
	const site = siteOfIncident(incidentId);
	if (!site) return { ok: false, reason: 'not_found' };
	let current: Checklist | undefined;
	const outcome = await run<StepRefusal>(site, async ({ tx, now }) => {
		const incident = await getIncident(tx, incidentId);
		if (!incident) return { ok: false, reason: 'not_found' };
		if (incident.status === 'closed') return { ok: false, reason: 'closed' };
		if (incident.status === 'new') return { ok: false, reason: 'not_acknowledged' };
		current = (await getChecklist(tx, incidentId)) ?? undefined;
		const decision = decideChecklistStep(current, step, input);
		if (!decision.ok) return decision;
		return { ok: true, events: [newEvent({ stream: site, type: decision.type, sourceKind: 'user', sourceId: user.id, data: decision.data }, now)] };
	});
	if (!outcome.ok) return outcome;
	const event = outcome.envelopes[0];
	const checklist = evolveChecklist(current, event);
	if (!checklist) throw new Error(`checklist ${incidentId}: the step was appended but changed nothing`);
	return { ok: true, checklist, event };
}

/**
 * Flag the steps of a checklist past their time limit at the runtime's `now`, once each (the
 * source id names the step): an escalation every console of the site shows. A due item the
 * projection did not move (the steps were settled meanwhile) is cleared.
 */
export async function flagOverdueSteps(run: RunCommand, incidentId: string, item?: DueItem): Promise<number> {
	const site = siteOfIncident(incidentId);
	if (!site) return 0;
	let flagged = 0;
	await run<'not_due'>(
		site,
		async ({ tx, now }) => {
			const checklist = await getChecklist(tx, incidentId);
			const due = checklist ? listOverdueSteps(checklist, now) : [];
			if (!due.length) {
				if (item) await clearDueItem(tx, item);
				return { ok: false, reason: 'not_due' };
			}
			flagged = due.length;
			const events = due.map((s) =>
				newEvent(
					{
						stream: site,
						type: 'ChecklistStepOverdue',
						sourceKind: 'system',
						sourceId: CHECKLIST_TIMER_SOURCE,
						sourceEventId: `${incidentId}/overdue/${s.id}`,
						data: { incident: incidentId, step: s.id, limitMinutes: s.limitMinutes! }
					},
					now
				)
			);
			return { ok: true, events };
		},
		{ channel: 'system', topic: null }
	);
	return flagged;
}

/** The scheduler's timer for `checklist_overdue` items. */
export const checklistOverdueTimer = (run: RunCommand) => (item: DueItem) => flagOverdueSteps(run, item.key.slice(CHECKLIST_OVERDUE.length + 1), item);
