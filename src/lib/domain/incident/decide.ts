import type { Severity } from '../site/model';
import type { IncidentEventData, IncidentEventType } from './events';
import { DISPOSITIONS, type Disposition, type Incident, type IncidentStatus } from './model';
import type { Checklist } from '../checklist/model';
import { listOpenRequiredSteps } from '../checklist/rules';

export type IncidentCommand =
	| { action: 'acknowledge'; disposition?: Disposition }
	| { action: 'assign'; assignee: string }
	| { action: 'arrive' }
	| { action: 'dispatch'; guard: string }
	| { action: 'note'; text: string }
	/** `override`: a manager's written reason to resolve with required checklist steps open. */
	| { action: 'resolve'; override?: string }
	| { action: 'close' };

/** Why a command was refused: a fixed list, safe to send to a browser as an error code. */
export const INCIDENT_REFUSALS = [
	'not_found',
	'closed',
	'already_acknowledged',
	'not_acknowledged',
	'disposition_required',
	'invalid_disposition',
	'assignee_required',
	'already_assigned',
	'not_dispatched',
	'unknown_guard',
	'already_dispatched',
	'already_on_scene',
	'already_resolved',
	'not_resolved',
	'text_required',
	'text_too_long',
	'checklist_open',
	'override_not_allowed',
	'reason_required'
] as const;
export type IncidentRefusal = (typeof INCIDENT_REFUSALS)[number];

export const NOTE_MAX_LENGTH = 2000;

export type IncidentDecision =
	| { [T in IncidentEventType]: { ok: true; type: T; data: IncidentEventData[T] } }[IncidentEventType]
	| { ok: false; reason: IncidentRefusal };

export interface DecideOptions {
	/** Severities whose acknowledgement must say what the alarm was; default critical only. */
	requireDispositionFor?: readonly Severity[];
	/** The incident's checklist: required steps of its branch still open keep it from being resolved. */
	checklist?: Pick<Checklist, 'steps' | 'results'> | null;
	/** Whether the person may resolve past open steps with a written reason (a manager). */
	mayOverride?: boolean;
}

const refuse = (reason: IncidentRefusal): IncidentDecision => ({ ok: false, reason });

// The first missing or passed step, for a command not allowed in `status`.
const refusalFrom = (status: IncidentStatus): IncidentRefusal =>
	status === 'new' ? 'not_acknowledged' : status === 'on_scene' ? 'already_on_scene' : status === 'resolved' ? 'already_resolved' : 'not_dispatched';

/**
 * Whether an operator may do `command` to `incident` now, and if so the event to append (its
 * source is the operator). Lifecycle: new → acknowledged → dispatched (reassignable) → on_scene
 * → resolved → closed; resolving may skip dispatch; assigning requires an acknowledgement first.
 * Sending a guard's phone (`dispatch`) may come first: the operator who sends someone has taken
 * the alarm, and whether it is real is what the guard goes to find out. The guard must be one of
 * the site's (checked by the caller, which knows the bundle).
 * Notes are taken until the incident is closed. Nothing is allowed after closing. Resolving
 * waits for the required steps of the checklist's branch (`checklist_open`), unless a manager
 * gives a written reason, which the event keeps with the steps left open.
 */
export function decideIncidentAction(
	incident: Incident | undefined,
	command: IncidentCommand,
	options: DecideOptions = {}
): IncidentDecision {
	if (!incident) return refuse('not_found');
	const { id, status } = incident;
	if (status === 'closed') return refuse('closed');
	switch (command.action) {
		case 'acknowledge': {
			if (status !== 'new') return refuse('already_acknowledged');
			const disposition = command.disposition ?? null;
			if (disposition !== null && !DISPOSITIONS.includes(disposition)) return refuse('invalid_disposition');
			const required = options.requireDispositionFor ?? ['critical'];
			if (disposition === null && required.includes(incident.severity)) return refuse('disposition_required');
			return { ok: true, type: 'IncidentAcknowledged', data: { incident: id, disposition } };
		}
		case 'assign': {
			if (status !== 'acknowledged' && status !== 'dispatched') return refuse(refusalFrom(status));
			const assignee = command.assignee.trim();
			if (!assignee) return refuse('assignee_required');
			if (status === 'dispatched' && assignee === incident.assignee) return refuse('already_assigned');
			return { ok: true, type: 'IncidentAssigned', data: { incident: id, assignee } };
		}
		case 'dispatch': {
			if (status === 'resolved') return refuse('already_resolved');
			if (status === 'dispatched' && incident.dispatch?.guard === command.guard) return refuse('already_dispatched');
			return { ok: true, type: 'IncidentDispatched', data: { incident: id, guard: command.guard } };
		}
		case 'arrive':
			if (status !== 'dispatched') return refuse(refusalFrom(status));
			return { ok: true, type: 'IncidentArrived', data: { incident: id } };
		case 'note': {
			const text = command.text.trim();
			if (!text) return refuse('text_required');
			if (text.length > NOTE_MAX_LENGTH) return refuse('text_too_long');
			return { ok: true, type: 'IncidentNoted', data: { incident: id, text } };
		}
		case 'resolve': {
			if (status === 'new' || status === 'resolved') return refuse(refusalFrom(status));
			const open = options.checklist ? listOpenRequiredSteps(options.checklist) : [];
			if (!open.length) return { ok: true, type: 'IncidentResolved', data: { incident: id } };
			if (command.override === undefined) return refuse('checklist_open');
			if (!options.mayOverride) return refuse('override_not_allowed');
			const reason = command.override.trim();
			if (!reason) return refuse('reason_required');
			if (reason.length > NOTE_MAX_LENGTH) return refuse('text_too_long');
			return { ok: true, type: 'IncidentResolved', data: { incident: id, override: { reason, open } } };
		}
		case 'close':
			if (status !== 'resolved') return refuse('not_resolved');
			return { ok: true, type: 'IncidentClosed', data: { incident: id } };
	}
}
