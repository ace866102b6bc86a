import type { CheckpointState } from '$lib/domain/patrol/round';
import { m } from '$lib/paraglide/messages.js';

/** A checkpoint's state on a round, in the reader's language: the legend's, the bars' and the map's words. */
export const checkpointStateNames: Record<CheckpointState, () => string> = {
	pending: m.checkpoint_state_pending,
	on_time: m.checkpoint_state_on_time,
	late: m.checkpoint_state_late,
	missed: m.checkpoint_state_missed,
	out_of_order: m.checkpoint_state_out_of_order,
	skipped: m.checkpoint_state_skipped
};
