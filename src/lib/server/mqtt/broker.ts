import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../log';

export interface EmbeddedBroker {
	url: string;
	port: number;
	stop(): Promise<void>;
}

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
export async function startEmbeddedBroker(opts: { port: number; explicit: boolean; log: Logger }): Promise<EmbeddedBroker> {
	const log = opts.log.child({ component: 'mqtt-broker' });
	const broker = await Aedes.createBroker({ id: 'shouwang-embedded' });
	broker.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'mqtt client error'));
	broker.on('connectionError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'mqtt connection error'));
	const server = net.createServer(broker.handle);
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
		stop: () =>
			new Promise<void>((resolve) => {
				server.close();
				broker.close(() => resolve());
			})
	};
}
