import { SYSTEM_STREAM, type SourceKind } from '$lib/domain/envelope';
import type { EventData, EventType } from '$lib/domain/events';
import { newEvent, type RunCommand } from '../commands';

/** Who acted: a user (or an API token, `token:<id>`), or the system under a name (`setup`, `demo`). */
export type Actor = { kind: SourceKind; id: string };

/** Where an administrator's request came from, as audit events record it. */
export type AuditMeta = { address?: string | null };

/**
 * Append an audit event (who did what, when, from where) through the command path. Facts that
 * concern no site go to the `system` stream, whose room only administrators join.
 */
export async function recordAudit<T extends EventType>(
	run: RunCommand,
	a: { type: T; actor: Actor; data: EventData<T>; site?: string }
): Promise<void> {
	const stream = a.site ?? SYSTEM_STREAM;
	await run(stream, ({ now }) => ({
		ok: true,
		events: [newEvent({ stream, type: a.type, sourceKind: a.actor.kind, sourceId: a.actor.id, data: a.data } as never, now)]
	}));
}
