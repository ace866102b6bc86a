import type { Incident } from '../incident/model';
import type { LocalizedName } from '../site/model';
import type { Shift } from './model';

/**
 * A shift's record, for print and for the fire department's inspection: the shift (operators,
 * manager on duty, duty log, handover and both sign-offs), the incidents opened while it was on
 * duty at its sites, and the names of the people and sites it mentions (ids stay in the shift).
 */
export interface ShiftRecord {
	shift: Shift;
	/** Opened at the shift's sites between its start and its end (or `readAt`), in order. */
	incidents: Incident[];
	/** Display names by user id. */
	names: Record<string, string>;
	siteNames: Record<string, LocalizedName>;
	/** The time zone the record's times are shown in: its first site's (UTC without one). */
	timeZone: string;
	/** When it was read: the end of the span of a shift still on duty. */
	readAt: string;
}
