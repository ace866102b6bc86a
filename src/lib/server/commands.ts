import { checkEventData, type EventEnvelope } from '$lib/domain/events';
import type { Sql, Tx } from './db/client';
import { appendInTransaction } from './event-log/append';
import type { CommittedBus } from './event-log/bus';
import type { Projection } from './event-log/projection';
import type { NewEvent, Origin, ProjectionUpdates, WriteItem } from './event-log/types';

/** What a command's decision sees: its transaction, under the stream head's lock, and the runtime's time. */
export interface CommandContext {
	tx: Tx;
	/** The stream's last seq, or null when the stream does not exist yet (a site's first import). */
	head: number | null;
	now: Date;
}

/** A decision: the events to append (and a value for the caller), or a refusal from the command's fixed list. */
export type Decision<R extends string, V = undefined> = { ok: true; events: NewEvent[]; value?: V } | { ok: false; reason: R };

export type CommandOutcome<R extends string, V = undefined> =
	| { ok: true; envelopes: EventEnvelope[]; updates: ProjectionUpdates; value?: V }
	| { ok: false; reason: R };

/** An event a command decided carried data its type's schema does not allow: a bug, never the caller's input. */
export class InvalidEventError extends Error {}

/**
 * The one command path: lock the stream's head, decide on the projections as they stand, check
 * and append the events, project them, commit, then publish on the bus. Every writer of a stream
 * takes its head lock, so nothing slips in between the decision and its events. Device input
 * takes the same append (through the single writer) and the same projections.
 */
export function createCommandRunner(deps: { sql: Sql; projections: readonly Projection[]; bus: CommittedBus; clock: { now(): Date } }) {
	return async function runCommand<R extends string, V = undefined>(
		stream: string,
		decide: (ctx: CommandContext) => Promise<Decision<R, V>> | Decision<R, V>,
		origin: Omit<Origin, 'raw'> & { raw?: Buffer } = { channel: 'http', topic: null }
	): Promise<CommandOutcome<R, V>> {
		const outcome = (await deps.sql.begin(async (tx) => {
			const [head] = await tx<{ seq: number }[]>`select seq from stream_head where stream = ${stream} for update`;
			const now = deps.clock.now();
			const decision = await decide({ tx, head: head?.seq ?? null, now });
			if (!decision.ok) return decision;
			const items: WriteItem[] = decision.events.map((event) => {
				const reasons = checkEventData(event.type, event.data);
				if (reasons) throw new InvalidEventError(`${event.type}: ${reasons.join('; ')}`);
				return { kind: 'event', event, origin: { ...origin, raw: origin.raw ?? Buffer.from(JSON.stringify(event.data)) } };
			});
			const result = await appendInTransaction(tx, items, { lookUpDuplicates: true, projections: deps.projections, now });
			return { ok: true, envelopes: result.envelopes, updates: result.updates, value: decision.value };
		})) as CommandOutcome<R, V>;
		if (outcome.ok) deps.bus.publish({ envelopes: outcome.envelopes, updates: outcome.updates });
		return outcome;
	};
}

export type RunCommand = ReturnType<typeof createCommandRunner>;

/** An event the server makes for a command, stamped with the runtime's time. */
export function newEvent<E extends NewEvent>(event: Omit<E, 'at' | 'receivedAt' | 'sourceEventId'> & { sourceEventId?: string | null }, now: Date): NewEvent {
	return { sourceEventId: null, ...event, at: now, receivedAt: now } as NewEvent;
}
