import { stringify } from 'csv-stringify/sync';
import type { ShiftRecord } from './record';

/**
 * A shift's record as CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so that Excel reads the
 * Chinese in names and log entries): one row per fact, its `section` saying which, in the order
 * of the printed record. Kinds and statuses are ids (one language would not suit the others);
 * people are named, since an inspector reads names, not account ids. Pure, no I/O.
 *
 * Sections: `shift` (started / manager_on_duty / ended), `operator` (on duty from `at` to
 * `until`), `incident` (opened while on duty), `log` (the duty log), `handover_incident` and
 * `handover_checklist` (what stood open when the handover was proposed), `handover_notes`,
 * `signature` (outgoing / incoming).
 */
export const SHIFT_CSV_COLUMNS = ['section', 'at', 'until', 'kind', 'site', 'id', 'status', 'severity', 'person', 'text'] as const;

type CsvRecord = Partial<Record<(typeof SHIFT_CSV_COLUMNS)[number], string | number>>;

export function formatShiftRecordCsv(record: ShiftRecord): string {
	const { shift, incidents, names } = record;
	const name = (id: string | null | undefined) => (id ? (names[id] ?? id) : '');
	const rows: CsvRecord[] = [
		{ section: 'shift', at: shift.startedAt, kind: 'started', id: shift.id, person: name(shift.startedBy), text: shift.sites?.join(' ') ?? '' },
		{ section: 'shift', kind: 'manager_on_duty', id: shift.id, person: name(shift.managerOnDuty) },
		...shift.operators.map((o) => ({ section: 'operator', at: o.joinedAt, until: o.leftAt ?? '', kind: 'on_duty', id: shift.id, person: name(o.user) })),
		...incidents.map((i) => ({
			section: 'incident',
			at: i.openedAt,
			until: i.resolvedAt ?? '',
			kind: i.drill ? `${i.alarmType} (drill)` : i.alarmType,
			site: i.site,
			id: i.id,
			status: i.status,
			severity: i.severity,
			person: name(i.acknowledgedBy),
			text: [i.zone, i.text].filter(Boolean).join(' · ')
		})),
		...shift.log.map((l) => ({ section: 'log', at: l.at, kind: l.kind, id: l.n, person: name(l.by), text: l.text }))
	];
	const h = shift.handover;
	if (h) {
		rows.push(
			...h.openIncidents.map((i) => ({ section: 'handover_incident', at: i.openedAt, kind: i.drill ? `${i.kind} (drill)` : i.kind, site: i.site, id: i.id, status: i.status, severity: i.severity, text: i.zone ?? '' })),
			...h.unfinishedChecklists.map((c) => ({
				section: 'handover_checklist',
				kind: `${c.procedure}@${c.version}`,
				site: c.site,
				id: c.incident,
				status: `${c.settled}/${c.total}`,
				text: c.overdue ? `overdue ${c.overdue}` : ''
			})),
			{ section: 'handover_notes', at: h.proposedAt, person: name(h.proposedBy), text: h.notes },
			...(['outgoing', 'incoming'] as const).map((side) => ({ section: 'signature', at: h[side]?.at ?? '', kind: side, person: name(h[side]?.by), status: h[side] ? 'signed' : 'not_signed' }))
		);
	}
	if (shift.endedAt) rows.push({ section: 'shift', at: shift.endedAt, kind: 'ended', id: shift.id, text: shift.next ?? '' });
	// A cell starting with = + - @ would run as a formula in a spreadsheet: log entries are typed by people.
	return stringify(rows, { header: true, columns: [...SHIFT_CSV_COLUMNS], record_delimiter: '\r\n', escape_formulas: true, bom: true });
}
