import { describe, expect, it } from 'vitest';
import { indexCheckpointStates } from './checkpoint-states';
import type { CheckpointState } from './round';

const round = (id: string, states: Record<string, CheckpointState>) => ({
	id,
	route: `route-${id}`,
	guard: 'G1',
	checkpoints: Object.entries(states).map(([checkpoint, state]) => ({ checkpoint, state }))
});

describe('indexCheckpointStates', () => {
	it('shows what needs an operator first across the rounds holding a checkpoint', () => {
		const index = indexCheckpointStates([round('r1', { A: 'on_time', B: 'pending', C: 'late' }), round('r2', { A: 'missed', B: 'on_time', C: 'skipped' })] as never);
		expect(index.get('A')?.state).toBe('missed');
		expect(index.get('B')?.state).toBe('pending');
		expect(index.get('C')?.state).toBe('late');
		expect(index.get('A')?.rounds.map((r) => [r.round, r.state])).toEqual([
			['r1', 'on_time'],
			['r2', 'missed']
		]);
	});

	it('is on time only when every round has it so, and leaves out checkpoints on no round', () => {
		const index = indexCheckpointStates([round('r1', { A: 'on_time' }), round('r2', { A: 'on_time', B: 'out_of_order' })] as never);
		expect(index.get('A')?.state).toBe('on_time');
		expect(index.get('B')?.state).toBe('out_of_order');
		expect(index.has('Z')).toBe(false);
	});
});
