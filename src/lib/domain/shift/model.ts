/**
 * The control room's duty shift: who is on duty at the console, the manager on duty, the duty
 * log kept beside the console, and the handover to the next shift. A control room may watch
 * several sites, so shifts are facts of the system stream, not of a site's. Pure, no I/O.
 *
 * Times are ISO strings of the server's receipt; people are user ids (their names live in the
 * accounts table, where they can be corrected).
 */
import type { Role } from '../access';

/** GB 25201: the fire control room is staffed around the clock, two operators per shift. */
export const MIN_OPERATORS = 2;

/** What a duty log entry records. */
export const LOG_KINDS = ['note', 'call', 'visitor', 'equipment_check'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** Longest duty log entry, and longest handover notes. */
export const LOG_TEXT_MAX = 1000;
export const HANDOVER_NOTES_MAX = 4000;
/** Entries one shift's log holds: a row (and every live update of it) stays a bounded size. */
export const LOG_ENTRIES_MAX = 2000;
/** Operators one shift may have on its list. */
export const SHIFT_OPERATORS_MAX = 12;

/** Shift ids: `S` and the shift's number, counted in the system stream. */
export const SHIFT_ID_PATTERN = /^S[1-9][0-9]{0,8}$/;
export const shiftIdFor = (n: number) => `S${n}`;

export interface ShiftOperator {
	user: string;
	joinedAt: string;
	/** Signed off before the shift ended; null while on duty (or until the shift ended with them on). */
	leftAt: string | null;
}

export interface DutyLogEntry {
	/** 1, 2, … within the shift. */
	n: number;
	kind: LogKind;
	text: string;
	at: string;
	by: string;
}

/** An open incident as the handover listed it. */
export interface HandoverIncident {
	id: string;
	site: string;
	/** The incident's kind (its alarm type). */
	kind: string;
	severity: string;
	status: string;
	openedAt: string;
	zone: string | null;
	drill: boolean;
}

/** An unfinished checklist as the handover listed it: steps settled of those that apply. */
export interface HandoverChecklist {
	incident: string;
	site: string;
	procedure: string;
	version: number;
	settled: number;
	total: number;
	overdue: number;
}

export interface Signature {
	by: string;
	at: string;
}

export const HANDOVER_SIDES = ['outgoing', 'incoming'] as const;
export type HandoverSide = (typeof HANDOVER_SIDES)[number];

/** The next shift a handover names. */
export interface NextShift {
	operators: string[];
	managerOnDuty: string;
}

export interface Handover {
	proposedAt: string;
	proposedBy: string;
	next: NextShift;
	/** What was open when it was proposed: the incoming shift signs for these. */
	openIncidents: HandoverIncident[];
	unfinishedChecklists: HandoverChecklist[];
	notes: string;
	outgoing: Signature | null;
	incoming: Signature | null;
}

export interface Shift {
	id: string;
	startedAt: string;
	startedBy: string;
	/** Everyone who was on this shift, in the order they signed on. */
	operators: ShiftOperator[];
	managerOnDuty: string;
	/** The sites it watches; null: every site. */
	sites: string[] | null;
	/** The shift that handed over to this one, if any. */
	previous: string | null;
	log: DutyLogEntry[];
	/** The latest proposal (a new one replaces it and its signatures) until both sides signed. */
	handover: Handover | null;
	/** When both sides signed the handover (or null while on duty). */
	endedAt: string | null;
	/** The shift it handed over to. */
	next: string | null;
	lastSeq: number;
}

/** Operators signed on now. */
export const listOnDuty = (s: Pick<Shift, 'operators'>): ShiftOperator[] => s.operators.filter((o) => o.leftAt === null);

export const isOnDuty = (s: Pick<Shift, 'operators'>, user: string): boolean => s.operators.some((o) => o.user === user && o.leftAt === null);

/** Fewer operators on than the rules require: the console says so. */
export const isUnderstaffed = (s: Pick<Shift, 'operators' | 'endedAt'>): boolean => s.endedAt === null && listOnDuty(s).length < MIN_OPERATORS;

export type ShiftStatus = 'on_duty' | 'handing_over' | 'ended';

export function statusOf(s: Pick<Shift, 'endedAt' | 'handover'>): ShiftStatus {
	if (s.endedAt !== null) return 'ended';
	return s.handover ? 'handing_over' : 'on_duty';
}

/** Who works with the duty shift (the console's people): operators, managers, administrators; never guards or walls. */
export const SHIFT_ROLES = ['admin', 'manager', 'operator'] as const satisfies readonly Role[];
export const canFollowShifts = (user: { role: Role }): boolean => (SHIFT_ROLES as readonly Role[]).includes(user.role);
