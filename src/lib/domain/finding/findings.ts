import type { EventEnvelope } from '../events';
import type { FindingCategory } from '../guard/phone-input';
import { rowSetProjection, type RowSet } from '../projection';

/**
 * The findings guards reported (`findings`): what the console lists until someone acts on them,
 * by making a work order of it (`ticketed`, `workOrder` naming the ticket). Pure.
 */

export type FindingStatus = 'open' | 'ticketed';

export interface Finding {
	/** The phone's id for the finding. */
	id: string;
	site: string;
	guard: string;
	checkpoint: string | null;
	category: FindingCategory;
	text: string;
	/** The photo's SHA-256, served at `/api/sites/{site}/photos/{hash}`; null without one. */
	photo: string | null;
	status: FindingStatus;
	/** The work order made of it, or null. */
	workOrder: string | null;
	/** The seq of its `FindingReported`. */
	seq: number;
	/** When the guard reported it (the phone's time, on the server's clock). */
	at: string;
	/** When the server received it. */
	reportedAt: string;
	/** The account that sent it. */
	reportedBy: string;
}

/** The findings after one event: a report adds its finding once (a second report under the same id changes nothing). */
export function evolveFindings(rows: RowSet<Finding>, e: EventEnvelope): void {
	if (e.type === 'TicketOpened' && e.data.origin.kind === 'finding' && e.data.origin.id) {
		const f = rows.get(e.data.origin.id);
		if (f && f.status === 'open') rows.set({ ...f, status: 'ticketed', workOrder: e.data.ticket });
		return;
	}
	if (e.type !== 'FindingReported' || rows.get(e.data.finding)) return;
	const d = e.data;
	rows.set({
		id: d.finding,
		site: e.site,
		guard: d.guard,
		checkpoint: d.checkpoint,
		category: d.category,
		text: d.text,
		photo: d.photo,
		status: 'open',
		workOrder: null,
		seq: e.seq,
		at: e.at,
		reportedAt: e.receivedAt,
		reportedBy: e.source.id
	});
}

/** Open findings, newest received first, of one site or several (as the console lists them). */
export function listOpenFindings(rows: Iterable<Finding>): Finding[] {
	return [...rows].filter((f) => f.status === 'open').sort((a, b) => (a.reportedAt === b.reportedAt ? b.seq - a.seq : a.reportedAt < b.reportedAt ? 1 : -1));
}

/** A site's findings (`findings`): a keyframe keeps them all, a console shows the open ones. */
export const findings = rowSetProjection<Finding>('findings', (rows, e) => evolveFindings(rows, e), { view: (rows) => listOpenFindings(rows.values()) });
