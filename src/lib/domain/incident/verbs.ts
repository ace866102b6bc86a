/**
 * The verbs of `POST /api/incidents/{id}/{verb}`, the operator's steps as the API names them.
 * The route's param matcher admits only these, so `constructor` or `__proto__` never reach a handler.
 */
export const INCIDENT_VERBS = ['ack', 'assign', 'dispatch', 'arrive', 'note', 'resolve', 'close'] as const;
export type IncidentVerb = (typeof INCIDENT_VERBS)[number];

export function isIncidentVerb(s: string): s is IncidentVerb {
	return (INCIDENT_VERBS as readonly string[]).includes(s);
}
