/** Every MQTT topic string of the product lives here. */

export const TOPIC_KINDS = ['scans', 'alarms', 'status', 'receipts'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** What the bridge subscribes to: everything under `sites/`, so unknown topics can be dead-lettered. */
export const BRIDGE_SUBSCRIPTION = 'sites/#';

export function deviceTopic(site: string, device: string, kind: TopicKind): string {
	return `sites/${site}/devices/${device}/${kind}`;
}

export type TopicRoute =
	| { route: 'device'; site: string; device: string; kind: 'scans' | 'alarms' | 'status' }
	/** Our own receipts come back through the wildcard: ignore them. */
	| { route: 'receipt' }
	/** Under `sites/` but not a topic of the contract: dead-lettered. `site`/`device` when they parse. */
	| { route: 'unknown'; site?: string; device?: string; reason: string };

/** The one table of routes for incoming topics. */
export function routeTopic(topic: string): TopicRoute {
	const parts = topic.split('/');
	if (parts.length === 5 && parts[0] === 'sites' && parts[2] === 'devices') {
		const [, site, , device, kind] = parts;
		if (kind === 'receipts') return { route: 'receipt' };
		if (kind === 'scans' || kind === 'alarms' || kind === 'status') {
			return { route: 'device', site, device, kind };
		}
		// A topic can be 65,535 bytes: the reason (and the receipt carrying it) names only its start.
		return { route: 'unknown', site, device, reason: `unknown topic: ${kind.length > 64 ? `${kind.slice(0, 64)}…` : kind}` };
	}
	return { route: 'unknown', site: parts[1] || undefined, reason: 'unknown topic under sites/' };
}

/**
 * Whether a broker may keep a message on this topic as retained: only a device's status, whose
 * last value is what a new subscriber needs. A retained scan or alarm would be handed again to
 * every subscription made afterwards (a bridge reconnecting, the alarm watch opening at each
 * database outage) as if it had just happened, so brokers keep none and replays are ignored.
 */
export function mayRetain(topic: string): boolean {
	const route = routeTopic(topic);
	return route.route === 'device' && route.kind === 'status';
}
