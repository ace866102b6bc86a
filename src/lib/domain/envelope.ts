/**
 * The shape every stored event has, whatever its aggregate: a leaf module, so each aggregate's
 * `events.ts` can declare its own envelopes without importing the union that lists them all.
 */

export type SourceKind = 'device' | 'user' | 'system';

/** The stream for facts that belong to no site; never sent to a site's room. */
export const SYSTEM_STREAM = 'system';

/** Device clocks drift; past this the event is flagged, never rejected. */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

/** One stored event of type `T` with data `D`, as a browser (or API client) receives it. */
export interface Envelope<T extends string, D> {
	/** The stream: a site's id, or SYSTEM_STREAM. */
	site: string;
	seq: number;
	type: T;
	/** The source's own id for the input (a device's message id); null for server-made events. */
	id: string | null;
	source: { kind: SourceKind; id: string };
	/** The device's time, as it said. */
	at: string;
	/** The server's time of receipt. */
	receivedAt: string;
	/** Present when the device clock was off by more than CLOCK_SKEW_LIMIT_MS (at − receivedAt). */
	skewMs?: number;
	data: D;
}

/** True when the device's clock differs from the server's by more than the limit. */
export function isClockSkewed(at: Date, receivedAt: Date): boolean {
	return Math.abs(at.getTime() - receivedAt.getTime()) > CLOCK_SKEW_LIMIT_MS;
}
