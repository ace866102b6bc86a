import { SYSTEM_STREAM, type EventType, type SourceKind } from '$lib/domain/event';
import type { IngestWriter } from '../ingest/writer';

const NO_PAYLOAD = Buffer.alloc(0);

/**
 * Append an audit event (who did what, when, from where) through the single writer. Facts
 * that concern no site go to the `system` stream, which is never sent to site rooms.
 */
export async function recordAudit(
	writer: IngestWriter,
	a: { type: EventType; actor: { kind: SourceKind; id: string }; data: Record<string, unknown>; site?: string }
): Promise<void> {
	const now = new Date();
	await writer.write({
		kind: 'event',
		event: {
			stream: a.site ?? SYSTEM_STREAM,
			type: a.type,
			sourceKind: a.actor.kind,
			sourceId: a.actor.id,
			sourceEventId: null,
			at: now,
			receivedAt: now,
			data: a.data
		},
		origin: { channel: 'http', topic: null, raw: NO_PAYLOAD }
	});
}
