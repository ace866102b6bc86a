// The broker alone: a plain QoS 1 subscriber to everything the load generator sends,
// recording publish → receive latency. Stops when told on stdin and prints its figures.
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
// The orchestrator says stop on stdin (closing it).
await new Promise<void>((resolve) => process.stdin.on('data', () => resolve()).on('end', () => resolve()));
await client.endAsync(true);
// Exit only once the (possibly large) line is flushed: a pipe is written asynchronously.
process.stdout.write(`${JSON.stringify({ received, all })}\n`, () => process.exit(0));
