import mqtt, { type MqttClient } from 'mqtt';
import type { SiteBundle } from '$lib/domain/site/model';
import { deviceTopic } from '../mqtt/topics';
import { Traffic, type OutgoingMessage } from './traffic';
import type { RoundWalk, WalkOptions } from './patrol-walk';

/**
 * The demo's devices on a real MQTT connection each: they send what `Traffic` plans, and
 * resend each scan and alarm (same id) until the server's receipt says it was stored.
 */

export interface SimulatorLog {
	info(o: object | string, msg?: string): void;
	warn(o: object | string, msg?: string): void;
}

export interface SimulatorOptions {
	mqttUrl: string;
	bundle: SiteBundle;
	ratePerSecond: number;
	/** Each device's own MQTT credential; the username is also its client id. */
	credentials: Record<string, DeviceLogin>;
	log: SimulatorLog;
	random?: () => number;
	/** Seconds between status heartbeats; 60 unless told. */
	heartbeatSeconds?: number;
	/** How often the demo guards are late, skip a checkpoint or go silent; `DEFAULT_WALK_OPTIONS` unless told. */
	patrol?: WalkOptions;
	/** How long to wait for every device to connect before giving up; 15 s unless told. */
	connectTimeoutMs?: number;
}

export interface DeviceLogin {
	username: string;
	password: string;
}

export interface SimulatorStats {
	/** Distinct messages published (resends not counted). */
	published: number;
	/** Scans and alarms the server acknowledged as stored or duplicate. */
	confirmed: number;
	/** Scans and alarms still waiting for a receipt. */
	pending: number;
	rejected: number;
	resent: number;
}

export interface Simulator {
	stop(): Promise<void>;
	stats(): SimulatorStats;
}

const RESEND_AFTER_MS = 5_000;
/** Past this many unconfirmed messages (the server is down) the devices stop making new ones. */
const MAX_PENDING = 10_000;
const END_TIMEOUT_MS = 2_000;

interface Pending {
	device: string;
	topic: string;
	body: string;
	sentAt: number;
}

/**
 * Connect one client per device (its own credential, persistent session, QoS 1, a
 * retained `{"online":false}` will) and start the traffic. Resolves once every device is
 * connected; rejects, having closed everything, if that takes longer than the timeout.
 * Timers never throw; `stop()` publishes each device's retained offline status, then
 * clears the timers and ends the clients.
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
	const { bundle, log } = opts;
	const site = bundle.site.id;
	const random = opts.random ?? Math.random;
	const runId = `${Date.now().toString(36)}${Math.floor(random() * 36 ** 4).toString(36)}`;
	const traffic = new Traffic(bundle, {
		ratePerSecond: opts.ratePerSecond,
		runId,
		random,
		heartbeatSeconds: opts.heartbeatSeconds,
		patrol: opts.patrol,
		onRound: (walk) => logTrouble(log, walk)
	});
	const clients = new Map<string, MqttClient>();
	const pending = new Map<string, Pending>();
	const counts = { published: 0, confirmed: 0, rejected: 0, resent: 0 };
	const timers: NodeJS.Timeout[] = [];
	let stopping = false;

	function onReceipt(device: string, raw: Buffer): void {
		let receipt: { id?: unknown; status?: unknown; reason?: unknown };
		try {
			receipt = JSON.parse(raw.toString('utf8'));
		} catch {
			log.warn({ device }, 'simulator: unreadable receipt');
			return;
		}
		const key = `${device}/${String(receipt.id)}`;
		// Unknown ids are receipts for earlier runs, delivered again by the persistent session.
		if (!pending.has(key)) return;
		if (receipt.status === 'stored' || receipt.status === 'duplicate') {
			pending.delete(key);
			counts.confirmed += 1;
		} else if (receipt.status === 'rejected') {
			pending.delete(key);
			counts.rejected += 1;
			log.warn({ device, id: receipt.id, reason: receipt.reason }, 'simulator: message rejected by the server');
		}
	}

	function send(client: MqttClient, topic: string, body: string, retain: boolean): void {
		client.publish(topic, body, { qos: 1, retain }, (err) => {
			if (err && !stopping) log.warn({ topic, err: err.message }, 'simulator: publish failed');
		});
	}

	function publish(message: OutgoingMessage): void {
		const client = clients.get(message.device);
		if (!client) return;
		const topic = deviceTopic(site, message.device, message.kind);
		const body = JSON.stringify(message.payload);
		if (message.kind !== 'status') {
			pending.set(`${message.device}/${message.payload.id}`, { device: message.device, topic, body, sentAt: Date.now() });
		}
		send(client, topic, body, message.retain);
		counts.published += 1;
	}

	function tick(): void {
		try {
			if (pending.size >= MAX_PENDING) return;
			for (const message of traffic.advance(Date.now())) publish(message);
		} catch (err) {
			log.warn({ err: (err as Error).message }, 'simulator: tick failed');
		}
	}

	function resend(): void {
		try {
			const now = Date.now();
			for (const p of pending.values()) {
				const client = clients.get(p.device);
				// A disconnected client's messages wait in mqtt.js's queue; adding copies would only pile up.
				if (!client?.connected || now - p.sentAt < RESEND_AFTER_MS) continue;
				p.sentAt = now;
				counts.resent += 1;
				send(client, p.topic, p.body, false);
			}
		} catch (err) {
			log.warn({ err: (err as Error).message }, 'simulator: resend failed');
		}
	}

	function connect(device: string): Promise<void> {
		const status = deviceTopic(site, device, 'status');
		const receipts = deviceTopic(site, device, 'receipts');
		const login = opts.credentials[device];
		const client = mqtt.connect(opts.mqttUrl, {
			clientId: login.username,
			clean: false,
			username: login.username,
			password: login.password,
			reconnectPeriod: 1_000,
			connectTimeout: 10_000,
			resubscribe: false,
			will: { topic: status, payload: Buffer.from('{"online":false}'), qos: 1, retain: true }
		});
		clients.set(device, client);
		client.on('message', (topic, payload) => {
			if (topic === receipts) onReceipt(device, payload);
		});
		client.on('error', (err) => {
			if (!stopping) log.warn({ device, err: err.message }, 'simulator: mqtt error');
		});
		return new Promise((resolve) => {
			client.on('connect', () => {
				// Subscribed on every connect: the broker may have dropped the session.
				client.subscribe(receipts, { qos: 1 }, (err) => {
					if (err && !stopping) log.warn({ device, err: err.message }, 'simulator: subscribe failed');
				});
				resolve();
			});
		});
	}

	async function end(device: string, client: MqttClient): Promise<void> {
		if (client.connected) {
			const offline = JSON.stringify({ online: false, at: new Date().toISOString() });
			send(client, deviceTopic(site, device, 'status'), offline, true);
		}
		// A graceful end waits for the broker's acks; a broker that has gone away would make it wait forever.
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => client.end(true, {}, () => resolve()), END_TIMEOUT_MS);
			client.end(false, {}, () => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	async function stop(): Promise<void> {
		if (stopping) return;
		stopping = true;
		for (const timer of timers) clearInterval(timer);
		await Promise.all([...clients].map(([device, client]) => end(device, client)));
	}

	const missing = bundle.devices.filter((d) => !opts.credentials[d.id]).map((d) => d.id);
	if (missing.length) throw new Error(`simulator: no credential for ${missing.join(', ')}`);
	const connected = Promise.all(bundle.devices.map((d) => connect(d.id)));
	const timeoutMs = opts.connectTimeoutMs ?? 15_000;
	let timeout: NodeJS.Timeout | undefined;
	const timedOut = new Promise<'timeout'>((resolve) => {
		timeout = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const outcome = await Promise.race([connected, timedOut]);
	clearTimeout(timeout);
	if (outcome === 'timeout') {
		await stop();
		throw new Error(`simulator: devices did not connect to the MQTT broker within ${timeoutMs} ms`);
	}

	const tickMs = Math.min(1_000, Math.max(20, Math.round(1_000 / Math.max(opts.ratePerSecond, 0.001))));
	timers.push(setInterval(tick, tickMs), setInterval(resend, 1_000));
	tick();
	log.info({ site, devices: clients.size, ratePerSecond: opts.ratePerSecond, runId }, 'simulator started');

	return {
		stop,
		stats: () => ({ ...counts, pending: pending.size })
	};
}

/** One line per round the demo walks badly, so whoever watches the console knows which exceptions to expect. */
function logTrouble(log: SimulatorLog, walk: RoundWalk): void {
	const late = walk.stops.filter((s) => s.fate === 'late').map((s) => s.checkpoint);
	const skipped = walk.stops.filter((s) => s.fate === 'skipped').map((s) => s.checkpoint);
	if (!late.length && !skipped.length && !walk.silence) return;
	const silence = walk.silence && { from: new Date(walk.silence.fromMs).toISOString(), resumes: walk.silence.toMs === null ? null : new Date(walk.silence.toMs).toISOString() };
	log.info({ round: walk.round, guard: walk.guard, late, skipped, silence }, 'simulator: a round walked with exceptions');
}
