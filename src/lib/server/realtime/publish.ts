import type { EventEnvelope } from '$lib/domain/event';
import { siteRoom } from '$lib/realtime/contract';
import type { RealtimeServer } from './connection';

/** After a commit: one `site:events` packet per site for the whole batch, in seq order. */
export function publishCommitted(io: RealtimeServer, envelopes: EventEnvelope[]): void {
	const bySite = new Map<string, EventEnvelope[]>();
	for (const e of envelopes) {
		const list = bySite.get(e.site);
		if (list) list.push(e);
		else bySite.set(e.site, [e]);
	}
	for (const [site, events] of bySite) io.to(siteRoom(site)).emit('site:events', { site, events });
}
