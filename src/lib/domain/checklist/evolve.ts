import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import type { Checklist } from './model';

/**
 * The checklist after one event: attached once, then each step settled once and each overdue
 * flag raised once; resolving the incident ends it, closing it takes it off the console. Steps
 * are facts already decided (`decideChecklistStep`), applied without re-checking. Returns
 * `current` itself when the event changes nothing.
 */
export function evolveChecklist(current: Checklist | undefined, e: EventEnvelope): Checklist | undefined {
	if (e.type === 'ChecklistAttached') {
		if (current) return current;
		const d = e.data;
		return {
			id: d.incident,
			site: e.site,
			procedure: d.procedure,
			version: d.version,
			drill: d.drill ?? false,
			openedAt: d.openedAt,
			steps: d.steps,
			results: {},
			overdue: {},
			endedAt: null,
			closedAt: null,
			lastSeq: e.seq
		};
	}
	if (!current || e.seq <= current.lastSeq) return current;
	const by = e.source.id;
	const at = e.receivedAt;
	const next = { ...current, lastSeq: e.seq };
	switch (e.type) {
		case 'ChecklistStepDone':
			return { ...next, results: { ...current.results, [e.data.step]: { outcome: 'done', by, at, ...(e.data.text ? { text: e.data.text } : {}) } } };
		case 'ChecklistStepAnswered':
			return {
				...next,
				results: { ...current.results, [e.data.step]: { outcome: 'answered', answer: e.data.answer, by, at, ...(e.data.text ? { text: e.data.text } : {}) } }
			};
		case 'ChecklistStepSkipped':
			return { ...next, results: { ...current.results, [e.data.step]: { outcome: 'skipped', reason: e.data.reason, by, at } } };
		case 'ChecklistStepOverdue':
			return { ...next, overdue: { ...current.overdue, [e.data.step]: at } };
		case 'IncidentResolved':
			return { ...next, endedAt: at };
		case 'IncidentClosed':
			return { ...next, closedAt: at };
		default:
			return current;
	}
}

/** The incident a checklist event (or its incident's resolving and closing) concerns, or null. */
export function checklistIdOf(e: EventEnvelope): string | null {
	switch (e.type) {
		case 'ChecklistAttached':
		case 'ChecklistStepDone':
		case 'ChecklistStepAnswered':
		case 'ChecklistStepSkipped':
		case 'ChecklistStepOverdue':
		case 'IncidentResolved':
		case 'IncidentClosed':
			return e.data.incident;
		default:
			return null;
	}
}

/** Apply one event to a site's checklists; the changed checklist, or null. The rule the live projection and a replay both run. */
export function applyChecklistEvent(rows: RowSet<Checklist>, e: EventEnvelope): Checklist | null {
	const id = checklistIdOf(e);
	if (!id) return null;
	const current = rows.get(id);
	const next = evolveChecklist(current, e);
	if (!next || next === current) return null;
	rows.set(next);
	return next;
}

/**
 * The checklists (`checklists`): one per incident that has a procedure; a keyframe and a console
 * hold those of incidents not closed.
 */
export const checklists = rowSetProjection<Checklist>('checklists', (rows, e) => void applyChecklistEvent(rows, e), {
	keep: (rows) => [...rows.values()].filter((c) => c.closedAt === null)
});
