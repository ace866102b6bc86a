import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope } from '$lib/domain/event';
import { decideIncidentAction, type Incident, type IncidentCommand, type IncidentRefusal } from '$lib/domain/incident';
import type { Sql } from '../../db/client';
import { appendInTransaction } from '../../event-log/append';
import type { ProjectionChanges, WriteItem } from '../../event-log/types';
import { projectAll } from '../projections';

export type CommandOutcome =
	| { ok: true; incident: Incident; event: EventEnvelope; changes: ProjectionChanges; envelopes: EventEnvelope[] }
	| { ok: false; reason: IncidentRefusal };

/** `${site}:${seq}`, as `evolveIncident` makes them. */
export const INCIDENT_ID = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/;

/**
 * An operator's step on an incident, decided and appended in one transaction. The site's stream
 * head is locked first, which every writer of that site takes too, so the decision is made on
 * the projection as it stands and no other step or alarm slips in between.
 */
export async function runIncidentCommand(sql: Sql, user: SessionUser, id: string, command: IncidentCommand): Promise<CommandOutcome> {
	const site = INCIDENT_ID.exec(id)?.[1];
	if (!site) return { ok: false, reason: 'not_found' };
	return (await sql.begin(async (tx) => {
		const [head] = await tx`select seq from stream_head where stream = ${site} for update`;
		if (!head) return { ok: false, reason: 'not_found' };
		const [row] = await tx<{ state: Incident }[]>`select state from incident where id = ${id}`;
		const decision = decideIncidentAction(row?.state, command);
		if (!decision.ok) return decision;
		const now = new Date();
		const item: WriteItem = {
			kind: 'event',
			event: { stream: site, type: decision.type, sourceKind: 'user', sourceId: user.id, sourceEventId: null, at: now, receivedAt: now, data: decision.data },
			origin: { channel: 'http', topic: null, raw: Buffer.from(JSON.stringify(command)) }
		};
		const result = await appendInTransaction(tx, [item], { lookUpDuplicates: true, project: projectAll });
		const incident = result.changes.incidents.find((i) => i.id === id);
		const event = result.envelopes[0];
		if (!incident || !event) throw new Error(`incident ${id}: the step was appended but changed nothing`);
		return { ok: true, incident, event, changes: result.changes, envelopes: result.envelopes };
	})) as CommandOutcome;
}
