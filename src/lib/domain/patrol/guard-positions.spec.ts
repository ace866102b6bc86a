import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { evolveGuardPositions, isGuardSilent, type GuardPosition } from './guard-positions';

const scan = (seq: number, guard: string, checkpoint: string, extra: Record<string, unknown> = {}): EventEnvelope =>
	({
		site: 's1',
		seq,
		type: 'CheckpointScanned',
		id: `m${seq}`,
		source: { kind: 'device', id: 'HH-01' },
		at: '2026-11-24T02:00:00.000Z',
		receivedAt: '2026-11-24T02:00:00.000Z',
		data: { guard, checkpoint, method: 'nfc', ...extra }
	}) as EventEnvelope;

describe('evolveGuardPositions', () => {
	it('keeps each guard’s newest scan by seq, whatever order events arrive in', () => {
		const g = new RowSet<GuardPosition>();
		for (const e of [scan(5, 'G-1', 'CP-B'), scan(3, 'G-1', 'CP-A'), scan(4, 'G-2', 'CP-C')]) evolveGuardPositions(g, e);
		expect(Object.fromEntries([...g.values()].map((v) => [v.id, v.checkpoint]))).toEqual({ 'G-1': 'CP-B', 'G-2': 'CP-C' });
		expect(g.changes().upsert.map((r) => r.id).sort()).toEqual(['G-1', 'G-2']);
	});
	it('ignores other events and scans made in test', () => {
		const g = new RowSet<GuardPosition>();
		evolveGuardPositions(g, scan(1, 'G-1', 'CP-A'));
		evolveGuardPositions(g, { ...scan(2, 'G-1', 'CP-B'), type: 'AlarmRaised' } as EventEnvelope);
		evolveGuardPositions(g, scan(3, 'G-1', 'CP-B', { test: true }));
		expect(g.get('G-1')?.seq).toBe(1);
	});
	it('calls a guard silent 45 minutes after their last scan', () => {
		const at = '2026-11-24T02:00:00.000Z';
		expect(isGuardSilent({ at }, Date.parse(at) + 45 * 60_000)).toBe(false);
		expect(isGuardSilent({ at }, Date.parse(at) + 45 * 60_000 + 1)).toBe(true);
	});
});
