import mqtt, { type MqttClient } from 'mqtt';
import type { Acceptor } from '../ingest/accept';
import type { IngestWriter } from '../ingest/writer';
import type { Logger } from '../log';
import { routeTopic } from './topics';

/** What the alarm watch subscribes to while the database is down. */
export const ALARM_WATCH_SUBSCRIPTION = 'sites/+/devices/+/alarms';

/**
 * The external broker's alarm watch. While the database is down the bridge leaves the broker
 * (its persistent sessions keep the messages), so no alarm would reach a console until the
 * database is back. This extra connection (`{clientId}-alarms`, signing in as
 * `{username}-alarms`, clean session, QoS 0) subscribes to alarms only for as long as the
 * writer is unhealthy, and shows each as pending. It stores and acknowledges nothing: the
 * bridge stores the same messages afterwards, and they replace the pending ones.
 */
export function createAlarmWatch(opts: {
	url: string;
	clientId: string;
	username?: string;
	password?: string;
	acceptor: Acceptor;
	writer: IngestWriter;
	log: Logger;
}) {
	const log = opts.log.child({ component: 'alarm-watch' });
	let client: MqttClient | undefined;

	function open(): void {
		if (client) return;
		client = mqtt.connect(opts.url, {
			clientId: `${opts.clientId}-alarms`,
			clean: true,
			reconnectPeriod: 1000,
			...(opts.username !== undefined ? { username: `${opts.username}-alarms`, password: opts.password } : {})
		});
		client.on('connect', () => {
			log.warn('database down: watching alarms to show them unconfirmed');
			client?.subscribe(ALARM_WATCH_SUBSCRIPTION, { qos: 0 });
		});
		client.on('error', (err) => log.warn({ err: err.message }, 'alarm watch error'));
		client.on('message', (topic, payload, packet) => {
			// A retained alarm is what the watch's own new subscription replayed, not a new one:
			// showing it would raise an old alarm again on every console at every outage.
			if (packet.retain) return;
			const route = routeTopic(topic);
			if (route.route !== 'device' || route.kind !== 'alarms') return;
			opts.acceptor.preview({ channel: 'mqtt', topic, site: route.site, device: route.device, kind: 'alarms', raw: payload, receivedAt: opts.acceptor.now() });
		});
	}

	function close(): void {
		client?.end(true);
		client = undefined;
	}

	opts.writer.on('health', (healthy) => (healthy ? close() : open()));
	return { stop: close };
}
