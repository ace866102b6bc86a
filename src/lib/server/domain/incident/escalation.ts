import { dueEscalation, type EscalationConfig, type Incident } from '$lib/domain/incident';
import type { Sql } from '../../db/client';
import { appendInTransaction } from '../../event-log/append';
import type { ProjectionChanges, WriteItem } from '../../event-log/types';
import type { EventEnvelope } from '$lib/domain/event';
import type { Logger } from '../../log';
import { projectAll } from '../projections';

/** Who escalates: the system, under this name, in the incident's history. */
export const ESCALATION_SOURCE = 'escalation';

/**
 * Unacknowledged incidents escalate to managers after their severity's interval, and again every
 * interval until acknowledged (`dueEscalation`). Each escalation is an `IncidentEscalated` event
 * in the incident's history, which the consoles show as a flag and a notification.
 */
export function startEscalation(deps: {
	sql: Sql;
	log: Logger;
	config: EscalationConfig;
	publish: (envelopes: EventEnvelope[], changes: ProjectionChanges) => void;
	everyMs?: number;
}) {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const rows = await deps.sql<{ state: Incident }[]>`select state from incident where status = 'new'`;
			const now = new Date();
			for (const { state } of rows) {
				if (dueEscalation(state, now, deps.config)) await escalate(state.id);
			}
		} catch (err) {
			deps.log.debug({ err }, 'escalation check failed; trying again');
		} finally {
			busy = false;
		}
	};

	/** Decided again under the stream head's lock: an acknowledgement may have just come in. */
	const escalate = async (id: string) => {
		const site = id.slice(0, id.lastIndexOf(':'));
		const result = await deps.sql.begin(async (tx) => {
			await tx`select seq from stream_head where stream = ${site} for update`;
			const [row] = await tx<{ state: Incident }[]>`select state from incident where id = ${id}`;
			const now = new Date();
			const due = row && row.state.status === 'new' ? dueEscalation(row.state, now, deps.config) : null;
			if (!due) return null;
			const item: WriteItem = {
				kind: 'event',
				event: {
					stream: site,
					type: 'IncidentEscalated',
					sourceKind: 'system',
					sourceId: ESCALATION_SOURCE,
					sourceEventId: `${id}/escalation/${due.level}`,
					at: now,
					receivedAt: now,
					data: { incident: id, level: due.level, severity: row.state.severity }
				},
				origin: { channel: 'system', topic: null, raw: Buffer.from(id) }
			};
			return appendInTransaction(tx, [item], { lookUpDuplicates: true, project: projectAll });
		});
		if (result?.envelopes.length) {
			deps.log.warn({ incident: id, level: (result.envelopes[0].data as { level: number }).level }, 'incident escalated: not acknowledged in time');
			deps.publish(result.envelopes, result.changes);
		}
	};

	const timer = setInterval(() => void tick(), deps.everyMs ?? 1000);
	return {
		stop: async () => {
			clearInterval(timer);
			while (busy) await new Promise((r) => setTimeout(r, 20));
		}
	};
}
