import { GUARD_NOT_RESPONDING, PATROL_EXCEPTION, type Disposition, type IncidentStatus, type PatrolIncidentDetail } from '../incident/model';
import { dayOf } from '../site/daily-counts';
import { isRoundActive, type CheckpointState, type Round } from './round';

/**
 * Patrol reports: how well rounds were walked over a window, per site, route, guard and local day,
 * and what became of the exceptions they raised. Pure, no I/O.
 *
 * - A round belongs to the window, and to its day, by its planned start (the day in the site's
 *   time zone).
 * - `expected` is the checkpoints of the window's rounds, except the pending ones of rounds still
 *   active: a checkpoint whose window has not closed yet is neither kept nor failed, so it is
 *   reported as `pending` and left out of the compliance until it resolves. A finished round has
 *   no pending checkpoint, so its share matches its own `compliance`.
 * - `compliance` = on time ÷ expected (late, missed, out of order and skipped all count against
 *   it, as they do on the round); null when nothing was expected.
 * - An exception counts where its round counts. One whose round is not among the rounds given
 *   (a round the caller could not find) counts by its own opening day, route and guard when it
 *   opened in the window.
 */

/** The incident kinds a round raises: key device = route id, point = round id. */
export const PATROL_EXCEPTION_KINDS = [PATROL_EXCEPTION, GUARD_NOT_RESPONDING] as const;

/** What a report reads of an exception incident (an `Incident` is one). */
export interface PatrolException {
	id: string;
	site: string;
	/** The route id. */
	device: string;
	/** The round id. */
	point: string;
	alarmType: string;
	status: IncidentStatus;
	disposition: Disposition | null;
	openedAt: string;
	patrol?: PatrolIncidentDetail;
}

/** How exceptions were closed: open (new to on scene), resolved, closed. */
export const EXCEPTION_OUTCOMES = ['open', 'resolved', 'closed'] as const;
export type ExceptionOutcome = (typeof EXCEPTION_OUTCOMES)[number];

/** An exception's disposition; `none` while an operator has not given one. */
export const EXCEPTION_DISPOSITIONS = ['real', 'false_alarm', 'test', 'duplicate', 'none'] as const;
export type ExceptionDisposition = (typeof EXCEPTION_DISPOSITIONS)[number];

export interface PatrolFigures {
	/** Checkpoints expected so far (see the module's rules on pending ones). */
	expected: number;
	onTime: number;
	late: number;
	missed: number;
	outOfOrder: number;
	skipped: number;
	/** Checkpoints of active rounds whose outcome is not known yet; not in `expected`. */
	pending: number;
	/** On time ÷ expected, 0 to 1; null when nothing was expected. */
	compliance: number | null;
	rounds: { total: number; completed: number; incomplete: number; active: number };
	exceptions: { count: number; byStatus: Record<ExceptionOutcome, number>; byDisposition: Record<ExceptionDisposition, number> };
}

export interface PatrolReportRow extends PatrolFigures {
	/** YYYY-MM-DD in the site's time zone. */
	day: string;
	route: string;
	/** Null for rounds nobody claimed. */
	guard: string | null;
}

/** A duty shift's span, as the report groups by it (`Shift` is one). */
export interface ShiftSpan {
	id: string;
	startedAt: string;
	/** Null while on duty: its span runs to the report's end. */
	endedAt: string | null;
	/** The sites it watched; null: every site. */
	sites: string[] | null;
}

export interface SitePatrolReport {
	site: string;
	timeZone: string;
	totals: PatrolFigures;
	byRoute: (PatrolFigures & { route: string })[];
	byGuard: (PatrolFigures & { guard: string | null })[];
	byDay: (PatrolFigures & { day: string })[];
	/**
	 * Per duty shift that watched the site during the window, in start order (zeros where nothing
	 * fell in its span): a round counts in the shift on duty at its planned start, an exception
	 * where its round counts (else by its opening).
	 */
	byShift: (PatrolFigures & { shift: string })[];
	/** One per (day, route, guard) with a round or an exception, ordered by day, route, guard. */
	rows: PatrolReportRow[];
}

export interface PatrolReport {
	/** The window, ISO instants, `to` excluded. */
	from: string;
	to: string;
	totals: PatrolFigures;
	/** In the order the sites were given. */
	sites: SitePatrolReport[];
}

const STATE_FIELDS: Record<Exclude<CheckpointState, 'pending'>, 'onTime' | 'late' | 'missed' | 'outOfOrder' | 'skipped'> = {
	on_time: 'onTime',
	late: 'late',
	missed: 'missed',
	out_of_order: 'outOfOrder',
	skipped: 'skipped'
};

/** Figures with nothing counted. */
export function emptyFigures(): PatrolFigures {
	return {
		expected: 0,
		onTime: 0,
		late: 0,
		missed: 0,
		outOfOrder: 0,
		skipped: 0,
		pending: 0,
		compliance: null,
		rounds: { total: 0, completed: 0, incomplete: 0, active: 0 },
		exceptions: {
			count: 0,
			byStatus: { open: 0, resolved: 0, closed: 0 },
			byDisposition: { real: 0, false_alarm: 0, test: 0, duplicate: 0, none: 0 }
		}
	};
}

function countRound(f: PatrolFigures, r: Round): void {
	f.rounds.total++;
	if (isRoundActive(r)) f.rounds.active++;
	else f.rounds[r.status === 'completed' ? 'completed' : 'incomplete']++;
	for (const c of r.checkpoints) {
		if (c.state === 'pending') {
			f.pending++;
			continue;
		}
		f.expected++;
		f[STATE_FIELDS[c.state]]++;
	}
}

const outcomeOf = (status: IncidentStatus): ExceptionOutcome => (status === 'resolved' || status === 'closed' ? status : 'open');

function countException(f: PatrolFigures, x: PatrolException): void {
	f.exceptions.count++;
	f.exceptions.byStatus[outcomeOf(x.status)]++;
	f.exceptions.byDisposition[x.disposition ?? 'none']++;
}

/** The sum of figures, compliance taken again from the sums. */
export function addFigures(parts: Iterable<PatrolFigures>): PatrolFigures {
	const sum = emptyFigures();
	for (const p of parts) {
		for (const k of ['expected', 'onTime', 'late', 'missed', 'outOfOrder', 'skipped', 'pending'] as const) sum[k] += p[k];
		for (const k of ['total', 'completed', 'incomplete', 'active'] as const) sum.rounds[k] += p.rounds[k];
		sum.exceptions.count += p.exceptions.count;
		for (const k of EXCEPTION_OUTCOMES) sum.exceptions.byStatus[k] += p.exceptions.byStatus[k];
		for (const k of EXCEPTION_DISPOSITIONS) sum.exceptions.byDisposition[k] += p.exceptions.byDisposition[k];
	}
	return settleCompliance(sum);
}

function settleCompliance<F extends PatrolFigures>(f: F): F {
	f.compliance = f.expected ? f.onTime / f.expected : null;
	return f;
}

const compareGuards = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows grouped by a key and summed, in key order. */
function groupRows<K extends string | null>(rows: PatrolReportRow[], keyOf: (r: PatrolReportRow) => K, compare: (a: K, b: K) => number): [K, PatrolFigures][] {
	const groups = new Map<K, PatrolReportRow[]>();
	for (const r of rows) {
		const key = keyOf(r);
		const group = groups.get(key);
		if (group) group.push(r);
		else groups.set(key, [r]);
	}
	return [...groups].sort(([a], [b]) => compare(a, b)).map(([k, rs]) => [k, addFigures(rs)]);
}

/** Figures per shift that watched the site and overlaps the window. */
function figuresByShift(site: string, window: { from: number; to: number }, shifts: readonly ShiftSpan[], rounds: Round[], exceptions: PatrolException[]) {
	const spans = shifts
		.filter((s) => (!s.sites || s.sites.includes(site)) && Date.parse(s.startedAt) < window.to && (s.endedAt === null || Date.parse(s.endedAt) > window.from))
		.sort((a, b) => compareText(a.startedAt, b.startedAt))
		.map((s) => ({ shift: s.id, from: Date.parse(s.startedAt), to: s.endedAt ? Date.parse(s.endedAt) : Infinity, figures: emptyFigures() }));
	const at = (iso: string) => {
		const t = Date.parse(iso);
		return t >= window.from && t < window.to ? spans.find((s) => t >= s.from && t < s.to)?.figures : undefined;
	};
	const known = new Map(rounds.map((r) => [r.id, r]));
	for (const r of rounds) {
		const f = at(r.plannedStart);
		if (f) countRound(f, r);
	}
	for (const x of exceptions) {
		const round = known.get(x.patrol?.round ?? x.point);
		const f = at(round ? round.plannedStart : x.openedAt);
		if (f) countException(f, x);
	}
	return spans.map((s) => ({ shift: s.shift, ...settleCompliance(s.figures) }));
}

/** One site's report: `rounds` and `exceptions` of that site only. */
function reportSite(
	site: { id: string; timeZone: string },
	window: { from: number; to: number },
	rounds: Round[],
	exceptions: PatrolException[],
	shifts: readonly ShiftSpan[]
): SitePatrolReport {
	const rows = new Map<string, PatrolReportRow>();
	const rowOf = (day: string, route: string, guard: string | null) => {
		const key = JSON.stringify([day, route, guard]);
		let row = rows.get(key);
		if (!row) rows.set(key, (row = { day, route, guard, ...emptyFigures() }));
		return row;
	};
	const isInWindow = (at: string) => Date.parse(at) >= window.from && Date.parse(at) < window.to;
	const known = new Map(rounds.map((r) => [r.id, r]));
	for (const r of rounds) if (isInWindow(r.plannedStart)) countRound(rowOf(dayOf(r.plannedStart, site.timeZone), r.route, r.guard), r);
	for (const x of exceptions) {
		const round = known.get(x.patrol?.round ?? x.point);
		if (round) {
			if (isInWindow(round.plannedStart)) countException(rowOf(dayOf(round.plannedStart, site.timeZone), round.route, round.guard), x);
		} else if (isInWindow(x.openedAt)) {
			countException(rowOf(dayOf(x.openedAt, site.timeZone), x.patrol?.route ?? x.device, x.patrol?.guard ?? null), x);
		}
	}
	const list = [...rows.values()]
		.map(settleCompliance)
		.sort((a, b) => compareText(a.day, b.day) || compareText(a.route, b.route) || compareGuards(a.guard, b.guard));
	return {
		site: site.id,
		timeZone: site.timeZone,
		totals: addFigures(list),
		byRoute: groupRows(list, (r) => r.route, compareText).map(([route, f]) => ({ route, ...f })),
		byGuard: groupRows(list, (r) => r.guard, compareGuards).map(([guard, f]) => ({ guard, ...f })),
		byDay: groupRows(list, (r) => r.day, compareText).map(([day, f]) => ({ day, ...f })),
		byShift: figuresByShift(site.id, window, shifts, rounds, exceptions),
		rows: list
	};
}

/**
 * The report over [from, to) for these sites, from their rounds and their exception incidents
 * (other sites' rows and other incident kinds are ignored). Rounds may include ones outside the
 * window: they are left out, and so are their exceptions.
 */
export function buildPatrolReport(input: {
	from: Date;
	to: Date;
	sites: readonly { id: string; timeZone: string }[];
	rounds: readonly Round[];
	exceptions: readonly PatrolException[];
	/** The duty shifts to give figures for (none: `byShift` is empty). */
	shifts?: readonly ShiftSpan[];
}): PatrolReport {
	const window = { from: input.from.getTime(), to: input.to.getTime() };
	const kinds: readonly string[] = PATROL_EXCEPTION_KINDS;
	const sites = input.sites.map((s) =>
		reportSite(
			s,
			window,
			input.rounds.filter((r) => r.site === s.id),
			input.exceptions.filter((x) => x.site === s.id && kinds.includes(x.alarmType)),
			input.shifts ?? []
		)
	);
	return { from: input.from.toISOString(), to: input.to.toISOString(), totals: addFigures(sites.map((s) => s.totals)), sites };
}
