import type { CheckpointState, Round } from './round';

/**
 * A checkpoint's state on the map, across the current rounds that hold it. Pure.
 */

/**
 * Which state a checkpoint on several current rounds shows: what needs an operator first
 * (missed, then late, out of order, skipped), then what is still to be walked, and on time only
 * when every round has it so.
 */
const SHOWN_FIRST: readonly CheckpointState[] = ['missed', 'late', 'out_of_order', 'skipped', 'pending', 'on_time'];

/** One current round's say on a checkpoint. */
export interface CheckpointOnRound {
	round: string;
	route: string;
	guard: string | null;
	state: CheckpointState;
}

/** A checkpoint's shown state, and every current round's state for it (in the rounds' order). */
export interface CheckpointStatus {
	state: CheckpointState;
	rounds: CheckpointOnRound[];
}

/**
 * Each checkpoint on any of `rounds` (the current ones, `listCurrentRounds`) with its shown
 * state. A checkpoint on none is absent: the map keeps its plain look.
 */
export function indexCheckpointStates(rounds: Iterable<Pick<Round, 'id' | 'route' | 'guard' | 'checkpoints'>>): Map<string, CheckpointStatus> {
	const index = new Map<string, CheckpointStatus>();
	for (const r of rounds) {
		for (const c of r.checkpoints) {
			const onRound = { round: r.id, route: r.route, guard: r.guard, state: c.state };
			const known = index.get(c.checkpoint);
			if (!known) index.set(c.checkpoint, { state: c.state, rounds: [onRound] });
			else {
				known.rounds.push(onRound);
				if (SHOWN_FIRST.indexOf(c.state) < SHOWN_FIRST.indexOf(known.state)) known.state = c.state;
			}
		}
	}
	return index;
}
