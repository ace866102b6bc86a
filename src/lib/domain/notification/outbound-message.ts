/**
 * One notification as it leaves the system: already rendered in the channel's language, with no
 * personal data beyond what its text says. The channels (webhook, e-mail, group robots) send one,
 * or a batch folded into one by `mergeMessages`.
 */

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface OutboundMessage {
	title: string;
	text: string;
	severity: Severity;
	/** An absolute link into Shouwang (the ticket, the incident), or null. */
	link: string | null;
	/** When it happened, ISO 8601. */
	at: string;
	/** What it is about, e.g. `ticket_breached`; a merged batch of several kinds is `merged`. */
	kind: string;
}

/** The more severe of two severities. */
export function moreSevere(a: Severity, b: Severity): Severity {
	return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}
