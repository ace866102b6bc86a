import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from '../log';
import type { Acceptor } from '../ingest/accept';
import type { IngestWriter } from '../ingest/writer';
import type { WriteOutcome } from '../event-log/types';
import { BRIDGE_SUBSCRIPTION, deviceTopic, routeTopic } from './topics';

export interface Receipt {
	id: string | null;
	status: 'stored' | 'duplicate' | 'rejected';
	reason?: string;
}

export interface BridgeOptions {
	url: string;
	clientId: string;
	username?: string;
	password?: string;
	acceptor: Acceptor;
	writer: IngestWriter;
	log: Logger;
}

function receiptOf(outcome: WriteOutcome, id: string | null): Receipt | null {
	switch (outcome.status) {
		case 'stored':
			return { id, status: 'stored' };
		case 'duplicate':
			return { id, status: 'duplicate' };
		case 'rejected':
			return { id, status: 'rejected', reason: outcome.reasons.join('; ') };
		default:
			return null;
	}
}

/** Best effort: the `id` of a payload that failed validation, so the device can match the receipt. */
function peekId(raw: Buffer): string | null {
	if (raw.byteLength > 64 * 1024) return null;
	try {
		const id = (JSON.parse(raw.toString('utf8')) as { id?: unknown }).id;
		return typeof id === 'string' && id.length <= 128 ? id : null;
	} catch {
		return null;
	}
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

	constructor(private readonly opts: BridgeOptions) {
		this.#log = opts.log.child({ component: 'mqtt-bridge' });
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
		const work = this.#handle(packet.topic, Buffer.from(packet.payload as Buffer)).then(
			() => done(),
			(err) => this.#log.warn({ err: (err as Error).message, topic: packet.topic }, 'message left unacknowledged')
		);
		this.#inFlight.add(work);
		void work.finally(() => this.#inFlight.delete(work));
	}

	async #handle(topic: string, raw: Buffer): Promise<void> {
		const receivedAt = new Date();
		const route = routeTopic(topic);
		if (route.route === 'receipt') return;
		if (route.route === 'unknown') {
			const outcome = await this.opts.acceptor.reject({ channel: 'mqtt', topic, site: route.site, device: route.device, reason: route.reason, raw, receivedAt });
			if (route.site && route.device) this.publishReceipt(route.site, route.device, receiptOf(outcome, peekId(raw))!);
			return;
		}
		const outcome = await this.opts.acceptor.accept({ channel: 'mqtt', topic, site: route.site, device: route.device, kind: route.kind, raw, receivedAt });
		if (route.kind === 'status' && outcome.status !== 'rejected') return;
		const id = outcome.status === 'stored' ? outcome.envelope.id : peekId(raw);
		const receipt = receiptOf(outcome, id);
		if (receipt) this.publishReceipt(route.site, route.device, receipt);
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
