import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../log';
import type { Acceptor } from '../ingest/accept';
import type { IngestWriter } from '../ingest/writer';
import { BRIDGE_SUBSCRIPTION, deviceTopic } from './topics';
import { createMqttInput, type MqttInput, type Receipt } from './device-input';

export interface BridgeOptions {
	url: string;
	clientId: string;
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
		this.#log = opts.log.child({ component: 'mqtt-bridge' });
		this.#input = createMqttInput(opts.acceptor, (site, device, receipt) => this.publishReceipt(site, device, receipt));
		this.#client = mqtt.connect(opts.url, {
			clientId: opts.clientId,
			clean: false,
			keepalive: 30,
			reconnectPeriod: 1000,
			connectTimeout: 10_000,
			username: opts.username,
			password: opts.password,
			manualConnect: true,
			resubscribe: false
		});
		// Attached before connecting: a persistent session's queued messages arrive at once.
		this.#client.handleMessage = (packet, done) => this.#onMessage(packet, done);
		this.#client.on('connect', (connack) => {
			this.#log.info({ sessionPresent: connack.sessionPresent }, 'connected to MQTT broker');
			this.#client.subscribe(BRIDGE_SUBSCRIPTION, { qos: 1 }, (err) => {
				if (err) this.#log.error({ err }, 'subscribe failed');
			});
		});
		this.#client.on('error', (err) => this.#log.error({ err: err.message }, 'MQTT error'));
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
		const work = this.#input(packet.topic, Buffer.from(packet.payload as Buffer)).then(
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
