import { z } from 'zod';
import { STEP_KINDS } from '../procedure/model';

const stepRule = z.object({
	id: z.string(),
	kind: z.enum(STEP_KINDS),
	required: z.boolean(),
	limitMinutes: z.number().int().positive().optional(),
	ordered: z.boolean().optional(),
	options: z.array(z.string()).optional(),
	when: z.object({ step: z.string(), answer: z.string() }).optional()
});

/** Longest reason or remark on a step. */
export const STEP_TEXT_MAX = 2000;

/**
 * A checklist's facts, in the incident's site stream. Attaching is the server's (source system
 * `procedures`, once per incident), in the same transaction as the event that opened the
 * incident; steps are operators' (source the user); overdue flags the scheduler's.
 */
export const CHECKLIST_EVENTS = {
	/** The procedure of the incident's kind, at its version then, with its rules (not its texts). */
	ChecklistAttached: z.object({
		incident: z.string(),
		procedure: z.string(),
		version: z.number().int().positive(),
		drill: z.boolean().optional(),
		openedAt: z.string(),
		steps: z.array(stepRule)
	}),
	ChecklistStepDone: z.object({ incident: z.string(), step: z.string(), text: z.string().max(STEP_TEXT_MAX).optional() }),
	ChecklistStepAnswered: z.object({ incident: z.string(), step: z.string(), answer: z.string(), text: z.string().max(STEP_TEXT_MAX).optional() }),
	ChecklistStepSkipped: z.object({ incident: z.string(), step: z.string(), reason: z.string().min(1).max(STEP_TEXT_MAX) }),
	/** A step was not settled within its time limit (the scheduler's, once per step). */
	ChecklistStepOverdue: z.object({ incident: z.string(), step: z.string(), limitMinutes: z.number().int().positive() })
} as const;

export type ChecklistEventType = keyof typeof CHECKLIST_EVENTS;
export type ChecklistEventData = { [T in ChecklistEventType]: z.infer<(typeof CHECKLIST_EVENTS)[T]> };
export const isChecklistEventType = (type: string): type is ChecklistEventType => Object.hasOwn(CHECKLIST_EVENTS, type);
