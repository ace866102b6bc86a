import net from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Logger } from '../log';
import { acceptsClientId, canPublish, canSubscribe, type MqttIdentity } from './acl';
import { limitPacketSize, MAX_PACKET_BYTES } from './packet-size';
import { mayRetain } from './topics';

export interface EmbeddedBroker {
	url: string;
	port: number;
	/** Close a client's connection at once (its credential was revoked or rotated). */
	disconnect(username: string): void;
	/** Publish from the broker itself (receipts), QoS 1. */
	publish(topic: string, payload: string): void;
	stop(): Promise<void>;
}

/** Checks a username and password; null refuses the client. */
export type BrokerAuthenticate = (username: string, password: string) => Promise<MqttIdentity | null>;

/** Takes a device's message into the log; resolves once it is committed. */
export type BrokerIngest = (topic: string, payload: Buffer) => Promise<void>;

// CONNACK return codes (MQTT 3.1.1): 2 identifier rejected, 3 server unavailable, 4 bad credentials, 5 not authorised.
const refusal = (returnCode: 2 | 3 | 4 | 5, message: string) => Object.assign(new Error(message), { returnCode });

function listen(server: net.Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (err: NodeJS.ErrnoException) => {
			server.off('listening', onListening);
			reject(err);
		};
		const onListening = () => {
			server.off('error', onError);
			resolve((server.address() as net.AddressInfo).port);
		};
		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(port, '127.0.0.1');
	});
}

/**
 * The in-process Aedes broker for the embedded profile, on 127.0.0.1 only. When the
 * default port is taken and none was asked for, it takes a free one and says so loudly;
 * a port that was asked for and is taken is an error.
 */
export async function startEmbeddedBroker(opts: {
	port: number;
	explicit: boolean;
	authenticate: BrokerAuthenticate;
	/** Device messages go straight into the log from here; without it they are only routed to subscribers. */
	ingest?: BrokerIngest;
	log: Logger;
}): Promise<EmbeddedBroker> {
	const log = opts.log.child({ component: 'mqtt-broker' });
	const identities = new WeakMap<Client, MqttIdentity>();
	const inFlight = new Set<Promise<void>>();
	let stopping = false;
	const byUsername = new Map<string, Set<Client>>();
	const broker = await Aedes.createBroker({
		id: 'shouwang-embedded',
		// No anonymous clients; a device's client id must be its username (no session takeover).
		authenticate: (client, username, password, done) => {
			if (!username || !password) return done(refusal(5, 'anonymous clients are refused'), false);
			opts.authenticate(username, password.toString('utf8')).then(
				(who) => {
					if (!who) {
						log.warn({ username, client: client.id }, 'MQTT client refused: bad username or password');
						return done(refusal(4, 'bad username or password'), false);
					}
					if (!acceptsClientId(who, client.id)) {
						log.warn({ username, client: client.id }, 'MQTT client refused: client id must be its username');
						return done(refusal(2, 'client id must equal the username'), false);
					}
					// Aedes keeps the CONNECT's will on `_will` until the client is registered.
					const will = (client as Client & { _will?: { topic: string } })._will;
					if (will && !canPublish(who, will.topic)) {
						log.warn({ username, topic: will.topic }, 'MQTT client refused: last will outside its topics');
						return done(refusal(5, 'last will topic not allowed'), false);
					}
					identities.set(client, who);
					done(null, true);
				},
				(err) => {
					log.warn({ err: (err as Error).message, username }, 'MQTT client refused: credentials could not be checked');
					done(refusal(3, 'credentials could not be checked'), false);
				}
			);
		},
		// A publish outside the client's own topics closes its connection (MQTT 3.1.1 has no refusal for it).
		// A device's message is committed to the log before this calls back, and Aedes sends the
		// PUBACK only after it: the device's own acknowledgement means "stored". Aedes handles
		// different clients (and the packets of one read) concurrently, so commits group up.
		authorizePublish: (client, packet, done) => {
			if (!client) return done(null); // a stored last will, checked when its client connected
			const who = identities.get(client);
			if (!who || !canPublish(who, packet.topic)) {
				log.warn({ username: who?.username, topic: packet.topic }, 'MQTT publish refused');
				return done(new Error(`not allowed to publish to ${packet.topic}`));
			}
			// Taken (below) as the new message it is, but not kept: a retained scan or alarm would be
			// handed to every later subscription as if it had just happened. Status stays retained.
			if (packet.retain && !mayRetain(packet.topic)) packet.retain = false;
			if (who.kind !== 'device' || !opts.ingest) return done(null);
			// Stopping: no PUBACK, the device sends it again to the next run.
			if (stopping) return done(new Error('broker stopping'));
			const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
			const work = opts.ingest(packet.topic, payload).then(
				() => done(null),
				(err: Error) => done(err)
			);
			inFlight.add(work);
			void work.finally(() => inFlight.delete(work));
		},
		// A refused subscription is answered with SUBACK 0x80, not a disconnect.
		authorizeSubscribe: (client, sub, done) => {
			const who = identities.get(client);
			if (who && canSubscribe(who, sub.topic)) return done(null, sub);
			log.warn({ username: who?.username, topic: sub.topic }, 'MQTT subscription refused');
			done(null, null);
		}
	});
	broker.on('client', (client) => {
		const who = identities.get(client);
		if (!who) return;
		const set = byUsername.get(who.username) ?? new Set();
		byUsername.set(who.username, set.add(client));
	});
	broker.on('clientDisconnect', (client) => {
		const who = identities.get(client);
		if (who) byUsername.get(who.username)?.delete(client);
	});
	broker.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'mqtt client error'));
	broker.on('connectionError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'mqtt connection error'));
	const server = net.createServer((socket) => {
		const client = broker.handle(socket);
		limitPacketSize(socket, MAX_PACKET_BYTES, () =>
			log.warn({ client: client.id, username: identities.get(client)?.username, max: MAX_PACKET_BYTES }, 'MQTT connection closed: packet over the size limit')
		);
	});
	let port: number;
	try {
		port = await listen(server, opts.port);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
		if (opts.explicit) {
			throw new Error(`MQTT_PORT ${opts.port} is already in use: choose another MQTT_PORT, stop what holds it, or set MQTT_URL to use that broker`);
		}
		port = await listen(server, 0);
		const banner = `MQTT port ${opts.port} is taken: the embedded broker listens on 127.0.0.1:${port} instead (set MQTT_PORT to choose)`;
		log.warn({ port }, banner);
		console.warn(`\n  *** ${banner} ***\n`);
	}
	log.info({ port }, 'embedded MQTT broker listening');
	return {
		url: `mqtt://127.0.0.1:${port}`,
		port,
		publish(topic, payload) {
			broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false }, (err) => {
				if (err) log.debug({ err: err.message, topic }, 'broker publish failed');
			});
		},
		disconnect(username) {
			for (const client of byUsername.get(username) ?? []) client.close();
			byUsername.delete(username);
		},
		// Take no new messages, let those being committed finish and get their PUBACKs, then close.
		async stop() {
			stopping = true;
			server.close();
			await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 15_000).unref())]);
			await new Promise<void>((resolve) => broker.close(() => resolve()));
		}
	};
}
