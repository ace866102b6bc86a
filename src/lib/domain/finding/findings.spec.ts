import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { RowSet, viewRows } from '../projection';
import { evolveFindings, findings, listOpenFindings, type Finding } from './findings';

const zone = { timeZone: 'Asia/Shanghai' };
let seq = 0;
const reported = (data: Partial<EventEnvelope<'FindingReported'>['data']> = {}, site = 's1', user = 'u-1'): EventEnvelope => {
	seq += 1;
	const t = new Date(Date.UTC(2026, 10, 24, 2, 0, seq)).toISOString();
	return {
		site,
		seq,
		type: 'FindingReported',
		id: data.finding ?? `f-${seq}`,
		source: { kind: 'user', id: user },
		at: t,
		receivedAt: t,
		data: { finding: `f-${seq}`, guard: 'G1', checkpoint: 'CP-1', category: 'leak', text: 'water under the door', photo: null, sentAt: t, ...data }
	} as EventEnvelope;
};

describe('the findings projection', () => {
	it('adds a reported finding, open and without a work order, as the phone said it', () => {
		const rows = new RowSet<Finding>();
		const e = reported({ finding: 'phone-0001', photo: 'ab'.repeat(32), checkpoint: null, category: 'lighting', text: 'lamp out' });
		evolveFindings(rows, e);
		expect(rows.changes().upsert).toEqual([
			{
				id: 'phone-0001',
				site: 's1',
				guard: 'G1',
				checkpoint: null,
				category: 'lighting',
				text: 'lamp out',
				photo: 'ab'.repeat(32),
				status: 'open',
				workOrder: null,
				seq: e.seq,
				at: e.at,
				reportedAt: e.receivedAt,
				reportedBy: 'u-1'
			}
		]);
	});

	it('keeps the first report under an id: a second one (another account’s) changes nothing', () => {
		const rows = new RowSet<Finding>();
		evolveFindings(rows, reported({ finding: 'same-id-1', text: 'first' }));
		const before = rows.get('same-id-1');
		evolveFindings(rows, reported({ finding: 'same-id-1', text: 'second' }, 's1', 'u-2'));
		expect(rows.get('same-id-1')).toBe(before);
		expect(rows.size).toBe(1);
	});

	it('reads nothing but reports', () => {
		const rows = new RowSet<Finding>();
		evolveFindings(rows, { ...reported(), type: 'GuardCheckedIn', data: { guard: 'G1' } } as EventEnvelope);
		expect(rows.size).toBe(0);
	});

	it('lists open findings newest first, across sites, and a replay restored from its rows goes on alike', () => {
		const state = findings.restore([]);
		const events = [reported({}, 's1'), reported({}, 's1'), reported({}, 's1')];
		for (const e of events) findings.evolve(state, e, zone);
		const restored = findings.restore(findings.rows(state));
		const next = reported({}, 's1');
		findings.evolve(state, next, zone);
		findings.evolve(restored, next, zone);
		expect(findings.rows(restored)).toEqual(findings.rows(state));
		const view = viewRows(findings, state, new Date(), zone);
		expect(view.map((f) => f.seq)).toEqual([next.seq, ...events.map((e) => e.seq).reverse()]);
		const other = { ...view[0], id: 'x', site: 's2', seq: 1, reportedAt: '2026-11-25T00:00:00.000Z' };
		expect(listOpenFindings([...view, other])[0]).toBe(other);
	});
});
