import { dueEscalation, type EscalationConfig } from '$lib/domain/incident/escalation';
import type { Incident } from '$lib/domain/incident/model';
import type { RunCommand } from '../../commands';
import type { Sql } from '../../db/client';
import type { Logger } from '../../log';
import { escalateIncident } from './commands';

/**
 * Unacknowledged incidents escalate to managers after their severity's interval, and again every
 * interval until acknowledged (`dueEscalation`). Each escalation is an `IncidentEscalated` event
 * in the incident's history, which the consoles show as a flag and a notification.
 */
export function startEscalation(deps: { sql: Sql; run: RunCommand; clock: { now(): Date }; log: Logger; config: EscalationConfig; everyMs?: number }) {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			const rows = await deps.sql<{ state: Incident }[]>`select state from incident where status = 'new'`;
			for (const { state } of rows) {
				if (!dueEscalation(state, deps.clock.now(), deps.config)) continue;
				const level = await escalateIncident(deps.run, state.id, deps.config);
				if (level !== null) deps.log.warn({ incident: state.id, level }, 'incident escalated: not acknowledged in time');
			}
		} catch (err) {
			deps.log.debug({ err }, 'escalation check failed; trying again');
		} finally {
			busy = false;
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
