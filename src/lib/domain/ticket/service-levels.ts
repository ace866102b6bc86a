import { z } from 'zod';
import type { WorkingHours } from '../organisation/working-hours';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, type Deadlines, type SlaStage, type TicketCategory, type TicketPriority } from './model';
import { addWorkingMinutes } from './working-time';

/**
 * Service-level standards: per category and priority, the minutes allowed for each stage
 * (response = assigned, arrival = at work on site, completion = done, all from opening; follow-up
 * from done), null where a stage does not apply. The defaults follow common property-management
 * standards (urgent repairs answered within 15 minutes and on site within 30, a follow-up call
 * within a day); a site's organisation may override any cell.
 */
export interface ServiceLevel {
	response: number | null;
	arrival: number | null;
	completion: number | null;
	follow_up: number | null;
	/** Count only the site's working hours (otherwise around the clock). */
	workingHours: boolean;
}

const HOUR = 60;
const DAY = 24 * HOUR;
const level = (response: number | null, arrival: number | null, completion: number | null, follow_up: number | null, workingHours = false): ServiceLevel => ({
	response,
	arrival,
	completion,
	follow_up,
	workingHours
});

const REPAIR = { urgent: level(15, 30, 4 * HOUR, DAY), normal: level(30, 2 * HOUR, DAY, 2 * DAY) };

export const DEFAULT_SERVICE_LEVELS: Record<TicketCategory, Record<TicketPriority, ServiceLevel>> = {
	repair_water: REPAIR,
	repair_electric: REPAIR,
	repair_elevator: REPAIR,
	repair_door: REPAIR,
	repair_other: REPAIR,
	cleaning: { urgent: level(15, 30, 2 * HOUR, null), normal: level(HOUR, 4 * HOUR, DAY, null, true) },
	security: { urgent: level(5, 10, HOUR, null), normal: level(30, HOUR, 8 * HOUR, null) },
	greenery: { urgent: level(HOUR, 4 * HOUR, DAY, null), normal: level(4 * HOUR, DAY, 3 * DAY, null, true) },
	complaint: { urgent: level(15, null, 8 * HOUR, DAY), normal: level(30, null, DAY, DAY) },
	other: { urgent: level(30, HOUR, 8 * HOUR, null), normal: level(HOUR, 4 * HOUR, DAY, null) }
};

const minutes = z.number().int().min(1).max(60 * 24 * 30).nullable();
const overrideSchema = z.object({ response: minutes, arrival: minutes, completion: minutes, follow_up: minutes, workingHours: z.boolean() }).partial();
const OVERRIDE_KEYS = TICKET_CATEGORIES.flatMap((c) => TICKET_PRIORITIES.map((p) => `${c}:${p}` as const));

/** A site's overrides, keyed `category:priority`: only the cells it changes. */
export const serviceLevelOverridesSchema = z.partialRecord(z.enum(OVERRIDE_KEYS), overrideSchema);
export type ServiceLevelOverrides = z.infer<typeof serviceLevelOverridesSchema>;

/** The standard a ticket of this category and priority is held to at a site. */
export function serviceLevelOf(category: TicketCategory, priority: TicketPriority, overrides: ServiceLevelOverrides = {}): ServiceLevel {
	return { ...DEFAULT_SERVICE_LEVELS[category][priority], ...overrides[`${category}:${priority}`] };
}

/** How a site counts time: its working hours and time zone. */
export interface SiteClock {
	hours: WorkingHours;
	timeZone: string;
}

/** The deadline of `minutes` from `fromMs` under the level's clock. */
export function deadlineAfter(fromMs: number, minutes: number, sl: ServiceLevel, clock: SiteClock): string {
	const at = sl.workingHours ? addWorkingMinutes(fromMs, minutes, clock.hours, clock.timeZone) : fromMs + minutes * 60_000;
	return new Date(at).toISOString();
}

/** The deadlines of `stages` whose clocks start at `fromMs`; a stage the level does not time is null. */
export function deadlinesFrom(fromMs: number, stages: readonly SlaStage[], sl: ServiceLevel, clock: SiteClock): Deadlines {
	const out: Deadlines = {};
	for (const stage of stages) {
		const minutes = sl[stage];
		out[stage] = minutes === null ? null : deadlineAfter(fromMs, minutes, sl, clock);
	}
	return out;
}
