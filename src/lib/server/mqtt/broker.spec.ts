import net from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { BRIDGE_USERNAME, type MqttIdentity } from './acl';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker';
import { MAX_PACKET_BYTES } from './packet-size';
import { deviceTopic } from './topics';

// The real Aedes broker on a free port; who signs in is decided here instead of by the database.
describe('the embedded broker', () => {
	const device: MqttIdentity = { kind: 'device', username: 'estate-1.GW-1', site: 'estate-1', device: 'GW-1' };
	const bridge: MqttIdentity = { kind: 'bridge', username: BRIDGE_USERNAME };
	const ingested: { topic: string; payload: string }[] = [];
	let broker: EmbeddedBroker;

	beforeAll(async () => {
		broker = await startEmbeddedBroker({
			port: 0,
			explicit: true,
			log: createLogger('silent'),
			authenticate: async (username, password) => (password !== 'pw' ? null : [device, bridge].find((w) => w.username === username) ?? null),
			ingest: async (topic, payload) => void ingested.push({ topic, payload: payload.toString() })
		});
	});
	afterAll(async () => {
		await broker?.stop();
	});

	const connect = (who: MqttIdentity) => mqtt.connectAsync(broker.url, { clientId: who.username, username: who.username, password: 'pw', reconnectPeriod: 0 });

	it('takes a retained alarm or scan once and keeps none of them; a retained status is kept', async () => {
		const gw = await connect(device);
		const at = new Date().toISOString();
		// Stored in this order, the broker's memory would hand them out in this order.
		await gw.publishAsync(deviceTopic('estate-1', 'GW-1', 'alarms'), JSON.stringify({ id: 'a-1', at }), { qos: 1, retain: true });
		await gw.publishAsync(deviceTopic('estate-1', 'GW-1', 'scans'), JSON.stringify({ id: 's-1', at }), { qos: 1, retain: true });
		await gw.publishAsync(deviceTopic('estate-1', 'GW-1', 'status'), JSON.stringify({ online: true, at }), { qos: 1, retain: true });
		await gw.endAsync();
		expect(ingested.map((m) => m.topic.split('/').pop())).toEqual(['alarms', 'scans', 'status']);

		const listener = await connect(bridge);
		const replayed: string[] = [];
		const status = new Promise<void>((resolve) =>
			listener.on('message', (topic, _payload, packet) => {
				if (packet.retain) replayed.push(topic.split('/').pop()!);
				if (topic.endsWith('/status')) resolve();
			})
		);
		await listener.subscribeAsync('sites/#', { qos: 1 });
		await status;
		await listener.endAsync();
		expect(replayed).toEqual(['status']);
	});

	it('closes a connection whose packet is over the size limit, signed in or not, and takes one just under it', async () => {
		const gw = await connect(device);
		const topic = deviceTopic('estate-1', 'GW-1', 'scans');
		const fits = 'x'.repeat(MAX_PACKET_BYTES - topic.length - 200);
		await gw.publishAsync(topic, fits, { qos: 1 });
		expect(ingested.at(-1)?.payload).toBe(fits);
		const closed = new Promise<void>((resolve) => gw.once('close', () => resolve()));
		gw.publish(topic, 'x'.repeat(MAX_PACKET_BYTES + 1), { qos: 1 });
		await closed;
		gw.end(true);
		expect(ingested.at(-1)?.payload).toBe(fits);

		// Before any CONNECT: a header announcing 256 MB is refused at once, not buffered.
		const socket = net.connect(broker.port, '127.0.0.1');
		const ended = new Promise((resolve) => socket.once('close', resolve));
		socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f, 0x00]));
		await ended;
	});
});
