import { describe, expect, it } from 'vitest';
import type { WriteItem } from '../event-log/types';
import { takeBatch } from './writer';

const origin = { channel: 'mqtt' as const, topic: null, raw: Buffer.alloc(0) };
const event = (id: string, type: 'CheckpointScanned' | 'AlarmRaised'): WriteItem => {
	const now = new Date();
	const common = { stream: 's', sourceKind: 'device' as const, sourceId: 'd', sourceEventId: id, at: now, receivedAt: now };
	return type === 'AlarmRaised'
		? { kind: 'event', event: { ...common, type, data: { point: 'p', type: 'fire', severity: 'critical' } }, origin }
		: { kind: 'event', event: { ...common, type, data: { guard: 'g', checkpoint: 'c', method: 'nfc' } }, origin };
};
const ids = (items: WriteItem[]) => items.map((i) => (i.kind === 'event' ? i.event.sourceEventId : i.kind));
const same = (i: WriteItem) => i;

describe('takeBatch: the alarm lane', () => {
	it('takes everything, in order, while the queue fits in a batch', () => {
		const queue = [event('s1', 'CheckpointScanned'), event('a1', 'AlarmRaised'), event('s2', 'CheckpointScanned')];
		const { batch, rest } = takeBatch(queue, 3, same);
		expect(ids(batch)).toEqual(['s1', 'a1', 's2']);
		expect(rest).toEqual([]);
	});

	it('puts alarms ahead of a backlog of scans, each lane in its own order', () => {
		const queue = [...['s1', 's2', 's3', 's4'].map((id) => event(id, 'CheckpointScanned')), event('a1', 'AlarmRaised'), event('s5', 'CheckpointScanned'), event('a2', 'AlarmRaised')];
		const { batch, rest } = takeBatch(queue, 3, same);
		expect(ids(batch)).toEqual(['a1', 'a2', 's1']);
		expect(ids(rest)).toEqual(['s2', 's3', 's4', 's5']);
	});

	it('never takes more than the batch limit, even of alarms', () => {
		const queue = ['a1', 'a2', 'a3', 'a4'].map((id) => event(id, 'AlarmRaised'));
		const { batch, rest } = takeBatch(queue, 3, same);
		expect(ids(batch)).toEqual(['a1', 'a2', 'a3']);
		expect(ids(rest)).toEqual(['a4']);
	});
});
