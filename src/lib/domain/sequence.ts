import type { EventEnvelope } from './events';

export interface MergeResult {
	/** Events to apply, contiguous from `last + 1`, in seq order. */
	apply: EventEnvelope[];
	/** The new last applied seq. */
	last: number;
	/** An event past a hole arrived: the caller must catch up from `last` before applying more. */
	gap: boolean;
}

/**
 * Merge a stream's incoming events into what has been applied up to `last`: drop seqs
 * already applied (live packets can overlap a catch-up), apply the contiguous run, and
 * report a gap instead of applying past it.
 */
export function mergeSequence(last: number, incoming: readonly EventEnvelope[]): MergeResult {
	const sorted = [...incoming].sort((a, b) => a.seq - b.seq);
	const apply: EventEnvelope[] = [];
	let gap = false;
	for (const e of sorted) {
		if (e.seq <= last) continue;
		if (e.seq !== last + 1) {
			gap = true;
			break;
		}
		apply.push(e);
		last = e.seq;
	}
	return { apply, last, gap };
}
