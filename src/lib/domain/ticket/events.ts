import { z } from 'zod';
import { ESCALATION_LEVELS } from '../organisation/escalation';
import { SLA_STAGES, TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PHOTOS_MAX, TICKET_PRIORITIES, TICKET_TEXT_MAX } from './model';

const ticket = z.string().min(1).max(80);
const user = z.string().min(1).max(64);
const text = z.string().max(TICKET_TEXT_MAX);
const hash = z.string().regex(/^[0-9a-f]{64}$/);
const instant = z.string();
const deadlines = z.object(Object.fromEntries(SLA_STAGES.map((s) => [s, instant.nullable().optional()])) as Record<(typeof SLA_STAGES)[number], z.ZodOptional<z.ZodNullable<z.ZodString>>>);
const photos = z.array(hash).max(TICKET_PHOTOS_MAX);

/**
 * A ticket's facts, in its site's stream. People's steps carry their account as source; the
 * service-level warnings and escalations are the scheduler's (source system `tickets`).
 * Deadlines are decided by the command (policy and working hours as they stood) and recorded, so
 * a replay needs neither. Residents appear by id only.
 */
export const TICKET_EVENTS = {
	TicketOpened: z.object({
		ticket,
		category: z.enum(TICKET_CATEGORIES),
		priority: z.enum(TICKET_PRIORITIES),
		description: text.min(1),
		place: z.string().max(64).nullable(),
		zone: z.string().max(64).nullable(),
		point: z.object({ device: z.string(), point: z.string() }).nullable(),
		origin: z.object({ kind: z.enum(TICKET_ORIGINS), id: z.string().max(120).nullable() }),
		resident: z.string().max(64).nullable(),
		department: z.string().max(32).nullable(),
		assignee: user.nullable(),
		steward: user.nullable(),
		photos,
		workingHours: z.boolean(),
		deadlines
	}),
	TicketAssigned: z.object({ ticket, assignee: user, department: z.string().max(32).nullable() }),
	/** Someone is on site and at work (the arrival stage is met). */
	TicketStarted: z.object({ ticket, photos }),
	TicketDone: z.object({ ticket, note: text.nullable(), photos, deadlines }),
	TicketFollowedUp: z.object({
		ticket,
		method: z.enum(['call', 'visit']),
		confirmed: z.boolean(),
		satisfaction: z.number().int().min(1).max(5),
		comment: text.nullable()
	}),
	TicketClosed: z.object({ ticket, note: text.nullable() }),
	/** Back to work: `rework` after a poor follow-up, `manual` when someone reopened it. */
	TicketReopened: z.object({ ticket, reason: z.enum(['rework', 'manual']), note: text.nullable(), deadlines }),
	/** Fields corrected after opening; a new category or priority comes with the unmet stages' new deadlines. */
	TicketUpdated: z.object({
		ticket,
		category: z.enum(TICKET_CATEGORIES).optional(),
		priority: z.enum(TICKET_PRIORITIES).optional(),
		description: text.min(1).optional(),
		place: z.string().max(64).nullable().optional(),
		resident: z.string().max(64).nullable().optional(),
		department: z.string().max(32).nullable().optional(),
		deadlines: deadlines.optional()
	}),
	TicketSlaWarned: z.object({ ticket, stage: z.enum(SLA_STAGES), dueAt: instant, to: z.array(user) }),
	/** A stage's deadline passed (level `supervisor`), or its breach went further up the chain. */
	TicketEscalated: z.object({ ticket, stage: z.enum(SLA_STAGES), level: z.enum(ESCALATION_LEVELS), dueAt: instant, to: z.array(user) })
} as const;

export type TicketEventType = keyof typeof TICKET_EVENTS;
export type TicketEventData = { [T in TicketEventType]: z.infer<(typeof TICKET_EVENTS)[T]> };
export const isTicketEventType = (type: string): type is TicketEventType => Object.hasOwn(TICKET_EVENTS, type);
