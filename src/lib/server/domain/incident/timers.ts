import type { EscalationConfig } from '$lib/domain/incident/escalation';
import type { RunCommand } from '../../commands';
import type { DueItem } from '../../scheduler/due-items';
import { escalateIncident } from './commands';

/** The due-item kind of an incident's next escalation. */
export const ESCALATION = 'escalation';
export const escalationKey = (incident: string) => `${ESCALATION}:${incident}`;

/**
 * Fire an escalation: a command that decides again under the site's lock (an acknowledgement
 * may have come in), so two processes or a restart mid-way escalate each level once.
 */
export const escalationTimer = (run: RunCommand, config: EscalationConfig) => (item: DueItem) =>
	escalateIncident(run, item.key.slice(ESCALATION.length + 1), config, item);
