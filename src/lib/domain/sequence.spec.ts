import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './events';
import { mergeSequence } from './sequence';

const ev = (seq: number): EventEnvelope =>
	({
	site: 's1',
	seq,
	type: 'CheckpointScanned',
	id: `m${seq}`,
	source: { kind: 'device', id: 'd1' },
	at: '2026-11-23T00:00:00.000Z',
	receivedAt: '2026-11-23T00:00:00.000Z',
	data: {}
}) as EventEnvelope;

describe('mergeSequence', () => {
	it('applies a contiguous run in order', () => {
		const r = mergeSequence(3, [ev(5), ev(4), ev(6)]);
		expect(r.apply.map((e) => e.seq)).toEqual([4, 5, 6]);
		expect(r.last).toBe(6);
		expect(r.gap).toBe(false);
	});

	it('drops seqs already applied (catch-up overlapping live packets)', () => {
		const r = mergeSequence(5, [ev(4), ev(5), ev(6)]);
		expect(r.apply.map((e) => e.seq)).toEqual([6]);
		expect(r.last).toBe(6);
	});

	it('stops at a hole and reports the gap', () => {
		const r = mergeSequence(2, [ev(3), ev(5), ev(6)]);
		expect(r.apply.map((e) => e.seq)).toEqual([3]);
		expect(r.last).toBe(3);
		expect(r.gap).toBe(true);
	});

	it('reports a gap when nothing is contiguous', () => {
		const r = mergeSequence(0, [ev(2)]);
		expect(r.apply).toEqual([]);
		expect(r.last).toBe(0);
		expect(r.gap).toBe(true);
	});

	it('is a no-op for an empty or fully applied packet', () => {
		expect(mergeSequence(7, [])).toEqual({ apply: [], last: 7, gap: false });
		expect(mergeSequence(7, [ev(6), ev(7)])).toEqual({ apply: [], last: 7, gap: false });
	});
});
