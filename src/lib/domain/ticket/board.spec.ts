import { describe, expect, it } from 'vitest';
import { EMPTY_ORGANISATION, type Organisation } from '../organisation/model';
import { clockOf, countBreached, filterTickets, formatAge, formatCountdown, groupByStatus, mergeTickets, sortByUrgency } from './board';
import { buildTicketDirectory, listAssignees, listPeopleOfOrganisation, routedDepartmentOf } from './directory';
import type { SlaTimer, Ticket } from './model';

const T0 = Date.parse('2026-12-02T02:00:00Z');
const MIN = 60_000;
const timer = (startMin: number, dueMin: number, metAt: string | null = null): SlaTimer => ({
	startedAt: new Date(T0 + startMin * MIN).toISOString(),
	dueAt: new Date(T0 + dueMin * MIN).toISOString(),
	metAt,
	warnedAt: null,
	breachedAt: null,
	level: null
});

let n = 0;
function ticket(over: Partial<Ticket> = {}): Ticket {
	n++;
	return {
		id: `lake-T${n}`,
		site: 'lake',
		category: 'repair_water',
		priority: 'urgent',
		status: 'open',
		description: 'Leak',
		place: null,
		zone: null,
		point: null,
		origin: { kind: 'hotline', id: null },
		resident: null,
		department: 'eng',
		assignee: null,
		steward: null,
		photos: [],
		openedAt: new Date(T0).toISOString(),
		openedBy: 'op',
		assignedAt: null,
		startedAt: null,
		doneAt: null,
		doneNote: null,
		followUps: [],
		closedAt: null,
		closedBy: null,
		rework: 0,
		workingHours: false,
		sla: { response: timer(0, 15), arrival: timer(0, 30) },
		lastSeq: n,
		...over
	};
}

describe('the countdown', () => {
	it('reads mm:ss left, h:mm:ss from an hour, and counts up with + once breached', () => {
		expect(formatCountdown(5 * MIN + 3_000)).toBe('05:03');
		expect(formatCountdown(999)).toBe('00:01');
		expect(formatCountdown(0)).toBe('00:00');
		expect(formatCountdown(2 * 60 * MIN + 5 * MIN)).toBe('2:05:00');
		expect(formatCountdown(-1)).toBe('+00:00');
		expect(formatCountdown(-(3 * MIN + 10_500))).toBe('+03:10');
		expect(formatCountdown(-(26 * 60 * MIN))).toBe('+26:00:00');
	});

	it('formats an age as hours:minutes', () => {
		expect(formatAge(26 * 60 * MIN + 5 * MIN + 59_000)).toBe('26:05');
		expect(formatAge(-5)).toBe('0:00');
	});

	it('follows the first unmet stage: running, warning at 80 %, breached after its deadline', () => {
		const t = ticket();
		expect(clockOf(t, T0 + MIN)).toMatchObject({ stage: 'response', state: 'running', leftMs: 14 * MIN });
		expect(clockOf(t, T0 + 13 * MIN).state).toBe('warning');
		expect(clockOf(t, T0 + 16 * MIN)).toMatchObject({ state: 'breached', leftMs: -MIN });
		const assigned = ticket({ status: 'assigned', sla: { response: timer(0, 15, new Date(T0).toISOString()), arrival: timer(0, 30) } });
		expect(clockOf(assigned, T0 + MIN)).toMatchObject({ stage: 'arrival', leftMs: 29 * MIN });
		expect(clockOf(ticket({ status: 'closed' }), T0).state).toBe('none');
		expect(clockOf(ticket({ sla: {} }), T0)).toEqual({ stage: null, state: 'none', leftMs: null, dueAt: null });
	});
});

describe('the board', () => {
	const late = ticket({ id: 'lake-T90', sla: { response: timer(0, 5) } });
	const soon = ticket({ id: 'lake-T91', category: 'cleaning', priority: 'normal', department: 'cln', sla: { response: timer(0, 60) } });
	const closed = ticket({ id: 'lake-T92', status: 'closed', sla: {} });
	const elsewhere = ticket({ id: 'hill-T1', site: 'hill', assignee: 'fixer', status: 'assigned' });
	const all = [soon, closed, late, elsewhere];
	const now = T0 + 10 * MIN;

	it('keeps open tickets unless asked otherwise, and narrows by site, category, priority, department, assignee and timer', () => {
		expect(filterTickets(all, {}, now).map((t) => t.id)).toEqual(['lake-T91', 'lake-T90', 'hill-T1']);
		expect(filterTickets(all, { status: 'closed' }, now).map((t) => t.id)).toEqual(['lake-T92']);
		expect(filterTickets(all, { status: 'all', site: 'lake' }, now)).toHaveLength(3);
		expect(filterTickets(all, { category: 'cleaning' }, now).map((t) => t.id)).toEqual(['lake-T91']);
		expect(filterTickets(all, { priority: 'urgent', site: 'lake' }, now).map((t) => t.id)).toEqual(['lake-T90']);
		expect(filterTickets(all, { department: 'cln' }, now).map((t) => t.id)).toEqual(['lake-T91']);
		expect(filterTickets(all, { assignee: 'fixer' }, now).map((t) => t.id)).toEqual(['hill-T1']);
		expect(filterTickets(all, { timer: 'breached' }, now).map((t) => t.id)).toEqual(['lake-T90']);
		expect(countBreached(all, now)).toBe(1);
	});

	it('puts the most overdue first and untimed ones last', () => {
		expect(sortByUrgency([closed, soon, elsewhere, late], now).map((t) => t.id)).toEqual(['lake-T90', 'hill-T1', 'lake-T91', 'lake-T92']);
	});

	it('groups by status in flow order', () => {
		const groups = groupByStatus(all);
		expect(groups.map((g) => g.status)).toEqual(['open', 'assigned', 'in_progress', 'done', 'followed_up', 'closed']);
		expect(groups[0].tickets.map((t) => t.id)).toEqual(['lake-T91', 'lake-T90']);
		expect(groups[5].tickets.map((t) => t.id)).toEqual(['lake-T92']);
	});

	it('lets a live row replace the loaded one, never an older one', () => {
		const reopened = { ...closed, status: 'assigned' as const, lastSeq: closed.lastSeq + 5 };
		const stale = { ...soon, status: 'closed' as const, lastSeq: soon.lastSeq - 1 };
		const fresh = ticket({ id: 'lake-T93' });
		const merged = mergeTickets([soon, closed], [reopened, stale, fresh]);
		expect(merged.map((t) => [t.id, t.status])).toEqual([
			['lake-T91', 'open'],
			['lake-T92', 'assigned'],
			['lake-T93', 'open']
		]);
	});
});

describe('the directory', () => {
	const org: Organisation = {
		...EMPTY_ORGANISATION,
		departments: [
			{ id: 'eng', kind: 'engineering', name: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' }, supervisor: 'boss', members: ['fixer', 'boss'] },
			{ id: 'cs', kind: 'customer_service', name: { 'zh-CN': '客服部', 'zh-TW': '客服部', en: 'Customer service' }, supervisor: null, members: ['desk'] }
		],
		manager: 'gm',
		serviceCentre: ['centre'],
		stewards: [{ zone: 'Z1', user: 'desk', department: 'cs' }],
		endOfDay: '17:30'
	};
	const dir = buildTicketDirectory('lake', org, { fixer: '张师傅', boss: '王主管' });

	it('names every account the organisation names, once', () => {
		expect(listPeopleOfOrganisation(org).sort()).toEqual(['boss', 'centre', 'desk', 'fixer', 'gm']);
		expect(dir.endOfDay).toBe('17:30');
	});

	it('routes as the rules do: the zone’s steward first, then the category’s kind of department', () => {
		expect(routedDepartmentOf(dir, 'repair_water', null)).toBe('eng');
		expect(routedDepartmentOf(dir, 'repair_water', 'Z1')).toBe('cs');
		expect(routedDepartmentOf(dir, 'greenery', null)).toBeNull();
	});

	it('offers a department’s supervisor and members, by name, each once', () => {
		expect(listAssignees(dir, 'eng')).toEqual([
			{ id: 'boss', name: '王主管', department: 'eng' },
			{ id: 'fixer', name: '张师傅', department: 'eng' }
		]);
		expect(listAssignees(dir, null).map((p) => [p.id, p.name])).toEqual([
			['boss', '王主管'],
			['fixer', '张师傅'],
			['desk', 'desk']
		]);
	});
});
