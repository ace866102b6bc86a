import type { Role } from '../access';
import type { ShiftEventData, ShiftEventType } from './events';
import {
	LOG_ENTRIES_MAX,
	isOnDuty,
	listOnDuty,
	type HandoverChecklist,
	type HandoverIncident,
	type HandoverSide,
	type LogKind,
	type NextShift,
	type Shift
} from './model';

/**
 * What may happen to a duty shift, decided on the shift as it stands (under the system stream's
 * lock) and answered with the events that record it, or a refusal from a fixed list. Pure, no I/O.
 *
 * - One shift is on duty at a time: a new one starts only when none is, or by a handover.
 * - Operators on a shift are accounts with the operator role; the manager on duty a manager.
 * - The duty log is written by the operators on duty and the manager on duty.
 * - A handover is proposed by an operator on duty, naming the next shift's operators and manager;
 *   it is signed by one operator on duty (outgoing) and one of the next shift's operators
 *   (incoming), two different people. The second signature ends the shift and starts the next.
 */

/** Why a shift command was refused: safe to send to a browser. */
export const SHIFT_REFUSALS = [
	'no_shift',
	'shift_on_duty',
	'shift_ended',
	'no_operators',
	'duplicate_operator',
	'not_an_operator',
	'not_a_manager',
	'operators_only',
	'already_on_duty',
	'not_on_duty',
	'last_operator',
	'text_required',
	'log_full',
	'no_handover',
	'already_signed',
	'not_outgoing',
	'not_incoming',
	'same_signer'
] as const;
export type ShiftRefusal = (typeof SHIFT_REFUSALS)[number];

/** Refusals about what was sent rather than the shift's state (answered 400; `operators_only` 403; the others 409). */
export const SHIFT_INPUT_REFUSALS: readonly ShiftRefusal[] = ['no_operators', 'duplicate_operator', 'not_an_operator', 'not_a_manager', 'text_required'];

/** Who acts. */
export interface Actor {
	id: string;
	role: Role;
}

/** Enabled accounts by id, with their roles: who may be named on a shift. */
export type StaffRoles = ReadonlyMap<string, Role>;

export type ShiftDecided = { [T in ShiftEventType]: { type: T; data: ShiftEventData[T] } }[ShiftEventType];
export type ShiftDecision = { ok: true; events: ShiftDecided[] } | { ok: false; reason: ShiftRefusal };

const refuse = (reason: ShiftRefusal): ShiftDecision => ({ ok: false, reason });
const decided = (...events: ShiftDecided[]): ShiftDecision => ({ ok: true, events });

/** A list of operators and a manager that may be put on duty, or why not. */
function checkCrew(operators: readonly string[], manager: string, staff: StaffRoles): ShiftRefusal | null {
	if (!operators.length) return 'no_operators';
	if (new Set(operators).size !== operators.length) return 'duplicate_operator';
	if (operators.some((o) => staff.get(o) !== 'operator')) return 'not_an_operator';
	if (staff.get(manager) !== 'manager') return 'not_a_manager';
	return null;
}

/** A shift that exists and is not over, or why not. */
function checkOpen(shift: Shift | undefined): ShiftRefusal | null {
	if (!shift) return 'no_shift';
	return shift.endedAt !== null ? 'shift_ended' : null;
}

export interface ShiftStart {
	/** Default: the operator starting it. An operator who starts a shift is always on it. */
	operators?: string[];
	managerOnDuty: string;
	sites?: string[] | null;
}

/** Start shift `id` when none is on duty. */
export function decideStartShift(onDuty: Shift | undefined, actor: Actor, input: ShiftStart, staff: StaffRoles, id: string): ShiftDecision {
	if (onDuty) return refuse('shift_on_duty');
	const listed = input.operators ?? [];
	const operators = actor.role === 'operator' && !listed.includes(actor.id) ? [actor.id, ...listed] : listed;
	const problem = checkCrew(operators, input.managerOnDuty, staff);
	if (problem) return refuse(problem);
	return decided({ type: 'ShiftStarted', data: { shift: id, operators, managerOnDuty: input.managerOnDuty, sites: input.sites ?? null, previous: null } });
}

/** An operator signs on to the shift on duty. */
export function decideJoinShift(shift: Shift | undefined, actor: Actor): ShiftDecision {
	const closed = checkOpen(shift);
	if (closed) return refuse(closed);
	if (actor.role !== 'operator') return refuse('operators_only');
	if (isOnDuty(shift!, actor.id)) return refuse('already_on_duty');
	return decided({ type: 'ShiftJoined', data: { shift: shift!.id, user: actor.id } });
}

/** An operator signs off; the last one on hands over instead. */
export function decideLeaveShift(shift: Shift | undefined, actor: Actor): ShiftDecision {
	const closed = checkOpen(shift);
	if (closed) return refuse(closed);
	if (!isOnDuty(shift!, actor.id)) return refuse('not_on_duty');
	if (listOnDuty(shift!).length <= 1) return refuse('last_operator');
	return decided({ type: 'ShiftLeft', data: { shift: shift!.id, user: actor.id } });
}

/** A duty log entry by an operator on duty or the manager on duty. */
export function decideDutyLog(shift: Shift | undefined, actor: Actor, input: { kind: LogKind; text: string }): ShiftDecision {
	const closed = checkOpen(shift);
	if (closed) return refuse(closed);
	if (!isOnDuty(shift!, actor.id) && shift!.managerOnDuty !== actor.id) return refuse('not_on_duty');
	const text = input.text.trim();
	if (!text) return refuse('text_required');
	if (shift!.log.length >= LOG_ENTRIES_MAX) return refuse('log_full');
	return decided({ type: 'DutyLogWritten', data: { shift: shift!.id, kind: input.kind, text } });
}

/** What stood open when a handover is proposed, read by the caller at that moment. */
export interface HandoverListing {
	openIncidents: HandoverIncident[];
	unfinishedChecklists: HandoverChecklist[];
}

/**
 * An operator on duty proposes the handover to `next`, with what stands open. A new proposal
 * replaces the one before, and its signatures: the signers sign what they were shown.
 */
export function decideProposeHandover(
	shift: Shift | undefined,
	actor: Actor,
	input: { next: NextShift; notes: string },
	staff: StaffRoles,
	listing: HandoverListing
): ShiftDecision {
	const closed = checkOpen(shift);
	if (closed) return refuse(closed);
	if (!isOnDuty(shift!, actor.id)) return refuse('not_on_duty');
	const problem = checkCrew(input.next.operators, input.next.managerOnDuty, staff);
	if (problem) return refuse(problem);
	return decided({
		type: 'HandoverProposed',
		data: { shift: shift!.id, next: { operators: [...input.next.operators], managerOnDuty: input.next.managerOnDuty }, ...listing, notes: input.notes.trim() }
	});
}

/**
 * One side signs the handover: `outgoing` an operator on duty, `incoming` one of the next
 * shift's operators, never the person who signed the other side. The second signature also
 * starts the next shift (`nextId`), with the operators and manager the handover named.
 */
export function decideSignHandover(shift: Shift | undefined, actor: Actor, side: HandoverSide, nextId: string): ShiftDecision {
	const closed = checkOpen(shift);
	if (closed) return refuse(closed);
	const handover = shift!.handover;
	if (!handover) return refuse('no_handover');
	if (handover[side]) return refuse('already_signed');
	if (side === 'outgoing' && !isOnDuty(shift!, actor.id)) return refuse('not_outgoing');
	if (side === 'incoming' && !handover.next.operators.includes(actor.id)) return refuse('not_incoming');
	const other = side === 'outgoing' ? handover.incoming : handover.outgoing;
	if (other?.by === actor.id) return refuse('same_signer');
	const signed: ShiftDecided = { type: 'HandoverSigned', data: { shift: shift!.id, side } };
	if (!other) return decided(signed);
	const { operators, managerOnDuty } = handover.next;
	return decided(signed, { type: 'ShiftStarted', data: { shift: nextId, operators, managerOnDuty, sites: shift!.sites, previous: shift!.id } });
}
