import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './event';
import { evolveGuardPositions, isGuardSilent } from './guard-position';

const scan = (seq: number, guard: string, checkpoint: string, extra: Record<string, unknown> = {}): EventEnvelope => ({
	site: 's1',
	seq,
	type: 'CheckpointScanned',
	id: `m${seq}`,
	source: { kind: 'device', id: 'HH-01' },
	at: '2026-11-24T02:00:00.000Z',
	receivedAt: '2026-11-24T02:00:00.000Z',
	data: { guard, checkpoint, method: 'nfc', ...extra }
});

describe('evolveGuardPositions', () => {
	it('keeps each guard’s newest scan by seq, whatever order events arrive in', () => {
		let g = evolveGuardPositions({}, scan(5, 'G-1', 'CP-B'));
		g = evolveGuardPositions(g, scan(3, 'G-1', 'CP-A'));
		g = evolveGuardPositions(g, scan(4, 'G-2', 'CP-C'));
		expect(Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.checkpoint]))).toEqual({ 'G-1': 'CP-B', 'G-2': 'CP-C' });
	});
	it('ignores other events and scans made in test', () => {
		const g = evolveGuardPositions({}, scan(1, 'G-1', 'CP-A'));
		expect(evolveGuardPositions(g, { ...scan(2, 'G-1', 'CP-B'), type: 'AlarmRaised' })).toBe(g);
		expect(evolveGuardPositions(g, scan(3, 'G-1', 'CP-B', { test: true }))).toBe(g);
	});
	it('calls a guard silent 45 minutes after their last scan', () => {
		const at = '2026-11-24T02:00:00.000Z';
		expect(isGuardSilent({ at }, Date.parse(at) + 45 * 60_000)).toBe(false);
		expect(isGuardSilent({ at }, Date.parse(at) + 45 * 60_000 + 1)).toBe(true);
	});
});
