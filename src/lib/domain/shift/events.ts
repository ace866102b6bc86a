import { z } from 'zod';
import { HANDOVER_NOTES_MAX, HANDOVER_SIDES, LOG_KINDS, LOG_TEXT_MAX, SHIFT_ID_PATTERN, SHIFT_OPERATORS_MAX } from './model';

const shift = z.string().regex(SHIFT_ID_PATTERN);
const user = z.string().min(1).max(64);
const operators = z.array(user).min(1).max(SHIFT_OPERATORS_MAX);

const incident = z.object({
	id: z.string(),
	site: z.string(),
	kind: z.string(),
	severity: z.string(),
	status: z.string(),
	openedAt: z.string(),
	zone: z.string().nullable(),
	drill: z.boolean()
});

const checklist = z.object({
	incident: z.string(),
	site: z.string(),
	procedure: z.string(),
	version: z.number().int().positive(),
	settled: z.number().int().min(0),
	total: z.number().int().min(0),
	overdue: z.number().int().min(0)
});

/**
 * The duty shift's facts, in the system stream (a control room watches several sites). Each is an
 * operator's or a manager's (source: the user); the one exception is the `ShiftStarted` that
 * follows a completed handover, which the incoming signer's command appends in the same
 * transaction (source: that signer).
 */
export const SHIFT_EVENTS = {
	ShiftStarted: z.object({
		shift,
		operators,
		managerOnDuty: user,
		sites: z.array(z.string()).nullable(),
		previous: shift.nullable()
	}),
	ShiftJoined: z.object({ shift, user }),
	ShiftLeft: z.object({ shift, user }),
	DutyLogWritten: z.object({ shift, kind: z.enum(LOG_KINDS), text: z.string().min(1).max(LOG_TEXT_MAX) }),
	/** What was open when it was proposed, listed as it stood: the incoming side signs for exactly this. */
	HandoverProposed: z.object({
		shift,
		next: z.object({ operators, managerOnDuty: user }),
		openIncidents: z.array(incident),
		unfinishedChecklists: z.array(checklist),
		notes: z.string().max(HANDOVER_NOTES_MAX)
	}),
	/** One side's sign-off; the second side's completes the handover and ends the shift. */
	HandoverSigned: z.object({ shift, side: z.enum(HANDOVER_SIDES) })
} as const;

export type ShiftEventType = keyof typeof SHIFT_EVENTS;
export type ShiftEventData = { [T in ShiftEventType]: z.infer<(typeof SHIFT_EVENTS)[T]> };
export const isShiftEventType = (type: string): type is ShiftEventType => Object.hasOwn(SHIFT_EVENTS, type);
