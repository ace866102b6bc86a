import type { Logger } from '../log';
import type { Committed } from './types';

type Listener = (batch: Committed) => void;

/**
 * The committed-events bus: every batch the writer or a command committed, in commit order per
 * process, after its transaction ended. Listeners (the Socket.IO publisher, the scheduler) are
 * woken here; nothing that must not be lost depends on the bus itself: such work is written as
 * rows by a projection in the same transaction.
 */
export class CommittedBus {
	#listeners = new Set<Listener>();

	constructor(private readonly log: Logger) {}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	publish(batch: Committed): void {
		if (!batch.envelopes.length && !batch.updates.size) return;
		for (const listener of this.#listeners) {
			try {
				listener(batch);
			} catch (err) {
				// One listener's fault must not keep the batch from the others.
				this.log.error({ err }, 'a committed-events listener failed');
			}
		}
	}
}
