import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../log';
import type { Acceptor } from '../ingest/accept';
import type { IngestWriter } from '../ingest/writer';
import { BRIDGE_SUBSCRIPTION, deviceTopic } from './topics';
import { createMqttInput, type MqttInput, type Receipt } from './device-input';

export interface BridgeOptions {
	url: string;
	clientId: string;
	/** `sites/#`, or a shared subscription to it when several connections split the load. */
	subscription: string;
	username?: string;
	password?: string;
	acceptor: Acceptor;
	writer: IngestWriter;
	log: Logger;
}

/**
 * The MQTT side of ingest. A persistent session (stable client id, clean=false) and a
 * PUBACK only after the input's transaction committed, so a crash in between loses
 * nothing: the broker redelivers and the log drops the duplicate. While the database is
 * unreachable the bridge disconnects instead of holding mqtt.js's read loop past its
 * keepalive; the broker keeps the session's messages until it reconnects.
 */
export class MqttBridge {
	#client: MqttClient;
	#inFlight = new Set<Promise<void>>();
	#suspended = false;
	#stopping = false;
	#log: Logger;
	#input: MqttInput;

	constructor(private readonly opts: BridgeOptions) {
		this.#log = opts.log.child({ component: 'mqtt-bridge', client: opts.clientId });
		this.#input = createMqttInput(opts.acceptor, (site, device, receipt) => this.publishReceipt(site, device, receipt));
		this.#client = mqtt.connect(opts.url, {
			clientId: opts.clientId,
			clean: false,
			keepalive: 30,
			// Back soon after a broker restart: until the bridge has subscribed again, Mosquitto drops what devices publish.
			reconnectPeriod: 250,
			connectTimeout: 10_000,
			// Left out when unset: an explicit undefined would override credentials in the URL.
			...(opts.username !== undefined ? { username: opts.username, password: opts.password } : {}),
			manualConnect: true,
			resubscribe: false
		});
		// Attached before connecting: a persistent session's queued messages arrive at once.
		this.#client.handleMessage = (packet, done) => this.#onMessage(packet, done);
		this.#client.on('connect', (connack) => {
			this.#log.debug({ sessionPresent: connack.sessionPresent }, 'connected to MQTT broker');
			this.#client.subscribe(opts.subscription, { qos: 1 }, (err) => {
				if (err) this.#log.error({ err }, 'subscribe failed');
			});
		});
		// Once per kind of error, not once per reconnect attempt.
		let lastError = '';
		this.#client.on('error', (err) => {
			if (err.message !== lastError) this.#log.error({ err: err.message }, 'MQTT error');
			lastError = err.message;
		});
		this.#client.on('connect', () => (lastError = ''));
		this.#client.on('offline', () => !this.#suspended && !this.#stopping && this.#log.warn('MQTT broker unreachable; reconnecting'));
		opts.writer.on('health', (healthy) => (healthy ? this.#resume() : this.#suspend()));
	}

	start(): void {
		this.#client.connect();
	}

	get connected(): boolean {
		return this.#client.connected;
	}

	/** Publish a receipt to the device (QoS 1). Never blocks ingest. */
	publishReceipt(site: string, device: string, receipt: Receipt): void {
		this.#client.publish(deviceTopic(site, device, 'receipts'), JSON.stringify(receipt), { qos: 1 }, (err) => {
			if (err) this.#log.debug({ err: err.message, site, device }, 'receipt not sent');
		});
	}

	#onMessage(packet: IPublishPacket, done: (err?: Error) => void): void {
		// After stop began, leave the message unacknowledged: the broker keeps it for the next run.
		if (this.#stopping) return;
		// The bridge speaks MQTT 3.1.1, where RETAIN on a delivery means "replayed for a new subscription".
		const work = this.#input(packet.topic, Buffer.from(packet.payload as Buffer), packet.retain).then(
			() => done(),
			(err) => this.#log.warn({ err: (err as Error).message, topic: packet.topic }, 'message left unacknowledged')
		);
		this.#inFlight.add(work);
		void work.finally(() => this.#inFlight.delete(work));
	}

	#suspend(): void {
		if (this.#suspended || this.#stopping) return;
		this.#suspended = true;
		this.#log.warn('database unreachable: disconnecting from the broker until it is back; the broker keeps our messages');
		this.#client.end(true);
	}

	#resume(): void {
		if (!this.#suspended || this.#stopping) return;
		this.#suspended = false;
		this.#log.info('database back: reconnecting to the broker');
		this.#client.reconnect();
	}

	/** Stop consuming, let in-flight commits finish and their PUBACKs go out, then disconnect. */
	async stop(): Promise<void> {
		this.#stopping = true;
		await Promise.allSettled([...this.#inFlight]);
		// A graceful end flushes PUBACKs and receipts; a broker that does not answer gets 3 s.
		const graceful = new Promise<boolean>((resolve) => this.#client.end(false, {}, () => resolve(true)));
		const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000).unref());
		if (!(await Promise.race([graceful, timeout]))) this.#client.end(true);
	}
}

/**
 * The bridge to an external broker as several connections: mqtt.js takes a connection's QoS 1
 * messages one at a time and acknowledges each only after its commit, so parallelism comes from
 * connections, which all feed the one group-committing writer. With more than one they share a
 * subscription (`$share/{clientId}/sites/#`, Mosquitto and EMQX). Connection i > 0 signs in as
 * `{username}-{i}` with the same password and uses `{clientId}-{i}`, so a broker that ties client
 * ids to usernames (Mosquitto's `use_username_as_clientid`) keeps each one's session apart.
 */
export function createBridgePool(opts: Omit<BridgeOptions, 'subscription'> & { connections: number }) {
	// The share group is named after the client id: two deployments on one broker never split each other's messages.
	const subscription = opts.connections > 1 ? `$share/${opts.clientId}/${BRIDGE_SUBSCRIPTION}` : BRIDGE_SUBSCRIPTION;
	const suffix = (base: string, i: number) => (i === 0 ? base : `${base}-${i}`);
	const bridges = Array.from(
		{ length: opts.connections },
		(_, i) =>
			new MqttBridge({
				...opts,
				subscription,
				clientId: suffix(opts.clientId, i),
				username: opts.username === undefined ? undefined : suffix(opts.username, i)
			})
	);
	opts.log.info({ connections: opts.connections, subscription }, 'MQTT bridge to the external broker');
	return {
		start: () => bridges.forEach((b) => b.start()),
		/** Healthy while every connection is up: a session that is down holds its share of the messages. */
		get connected() {
			return bridges.every((b) => b.connected);
		},
		stop: async () => void (await Promise.all(bridges.map((b) => b.stop())))
	};
}
