// The broker alone: a plain QoS 1 subscriber to everything the load generator sends,
// recording publish → receive latency. Stops on SIGUSR2 and prints its figures.
import mqtt from 'mqtt';

const job = JSON.parse(process.argv[2]) as { url: string; runId: string };
const client = await mqtt.connectAsync(job.url, { clientId: `ref-sub-${job.runId}`, clean: true });
const all: number[] = [];
let received = 0;
client.on('message', (_topic, payload) => {
	const now = Date.now();
	const body = JSON.parse(payload.toString()) as { id: string; at: string };
	if (!body.id.startsWith(job.runId)) return;
	received++;
	all.push(now - Date.parse(body.at));
});
await client.subscribeAsync('sites/#', { qos: 1 });
console.log(JSON.stringify({ ready: true }));
await new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
await client.endAsync(true);
console.log(JSON.stringify({ received, all }));
process.exit(0);
