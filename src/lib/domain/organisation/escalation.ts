/** The rungs of a ticket's escalation chain, in order: the assignee, the department's supervisor, the estate's manager, the company's service centre. */
export const ESCALATION_LEVELS = ['assignee', 'supervisor', 'manager', 'service_centre'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
