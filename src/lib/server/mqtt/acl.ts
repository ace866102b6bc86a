import { deviceTopic } from './topics';

/**
 * Who may do what on the broker: the one set of rules, enforced by the embedded broker and
 * exported as a Mosquitto ACL file, so both profiles mean the same thing.
 */

/** The bridge's username; it has no `.`, so it can never equal a device's username. */
export const BRIDGE_USERNAME = 'shouwang-bridge';

export type MqttIdentity =
	| { kind: 'bridge'; username: string }
	| { kind: 'device'; username: string; site: string; device: string };

/** Site and device ids match `[A-Za-z0-9_-]`, so `site.device` is unambiguous. */
export function deviceUsername(site: string, device: string): string {
	return `${site}.${device}`;
}

const devicePrefix = (id: { site: string; device: string }) => `sites/${id.site}/devices/${id.device}/`;
const receiptsOf = (id: { site: string; device: string }) => deviceTopic(id.site, id.device, 'receipts');

/**
 * A device publishes only under its own `sites/{site}/devices/{id}/`, never a wildcard or
 * `$` topic. Unknown kinds under its own prefix pass, so the bridge can dead-letter them
 * with a reason; a "receipt" it sends itself reaches only itself and is ignored by the bridge.
 * A U+FFFD is what the embedded broker's parser makes of bytes that are not UTF-8: such a topic
 * is malformed (MQTT 3.1.1 §1.5.3), and Mosquitto closes the connection for it too.
 */
export function canPublish(who: MqttIdentity, topic: string): boolean {
	if (topic.startsWith('$') || /[+#\u0000\uFFFD]/.test(topic)) return false;
	if (who.kind === 'bridge') return /^sites\/[^/]+\/devices\/[^/]+\/receipts$/.test(topic);
	return topic.startsWith(devicePrefix(who)) && topic.length > devicePrefix(who).length;
}

/** A device subscribes only to its own receipts; the bridge to `sites/#`. No `$SYS`, no `$share`. */
export function canSubscribe(who: MqttIdentity, filter: string): boolean {
	if (who.kind === 'bridge') return filter === 'sites/#' || filter === 'sites/+/devices/+/alarms' || /^\$share\/[A-Za-z0-9_-]+\/sites\/#$/.test(filter);
	return filter === receiptsOf(who);
}

/**
 * A device's client id is its username, or `username/…` for a second connection (a tool
 * that subscribes while another publishes), so it can only ever take over its own sessions.
 * Ids never contain `/`, so one device's ids cannot be another's. The exported Mosquitto
 * config gets the same guarantee from `use_username_as_clientid`, one connection per device.
 * The bridge chooses its own ids, never one with a `.`.
 */
export function acceptsClientId(who: MqttIdentity, clientId: string): boolean {
	if (who.kind === 'bridge') return clientId.length > 0 && !clientId.includes('.');
	return clientId === who.username || (clientId.startsWith(`${who.username}/`) && clientId.length <= 160);
}

/** The same rules as lines of a Mosquitto `acl_file`. */
export function mosquittoAcl(who: MqttIdentity): string[] {
	if (who.kind === 'bridge') {
		return [`user ${who.username}`, 'topic read sites/#', 'topic write sites/+/devices/+/receipts'];
	}
	return [`user ${who.username}`, `topic write ${devicePrefix(who)}#`, `topic read ${receiptsOf(who)}`];
}
