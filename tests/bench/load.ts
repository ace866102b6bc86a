// A load generator process: one MQTT client per device, each publishing its share of the
// offered rate (90% scans, 10% alarms, QoS 1), with the publish time in the payload so the
// dashboards can measure publish → screen latency. Prints one JSON line of counts when done.
import mqtt, { type MqttClient } from 'mqtt';

interface Login {
	site: string;
	device: string;
	username?: string;
	password?: string;
}
interface Job {
	url: string;
	logins: Login[];
	rate: number;
	seconds: number;
	runId: string;
	/** How long to wait for the last PUBACKs after the run. */
	drainSeconds: number;
}

const job = JSON.parse(process.argv[2]) as Job;
const TICK_MS = 10;

async function connect(login: Login): Promise<MqttClient> {
	return mqtt.connectAsync(job.url, {
		clientId: login.username ?? `${login.site}.${login.device}`,
		username: login.username,
		password: login.password,
		clean: true,
		reconnectPeriod: 1000,
		keepalive: 60
	});
}

const clients = await Promise.all(job.logins.map(connect));
let published = 0;
let acked = 0;
let failed = 0;
let alarms = 0;
let seq = 0;

function publishOne(i: number): void {
	const login = job.logins[i];
	const client = clients[i];
	const n = seq++;
	const alarm = n % 10 === 9;
	const at = new Date().toISOString();
	const id = `${job.runId}-${n}`;
	const body = alarm
		? { id, point: `loop${n % 4}/det-${n % 200}`, type: 'fire', state: n % 20 === 19 ? 'cleared' : 'active', severity: 'critical', at, zone: 'B3-2F', text: 'smoke detector' }
		: { id, guard: `G-${n % 50}`, checkpoint: `CP-${n % 40}`, at, method: 'nfc' };
	if (alarm) alarms++;
	published++;
	client.publish(`sites/${login.site}/devices/${login.device}/${alarm ? 'alarms' : 'scans'}`, JSON.stringify(body), { qos: 1 }, (err) => {
		if (err) failed++;
		else acked++;
	});
}

// Spread the rate evenly over time and devices; catch up on late ticks.
const started = performance.now();
const total = Math.round(job.rate * job.seconds);
let next = 0;
await new Promise<void>((resolve) => {
	const timer = setInterval(() => {
		const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * job.rate));
		while (published < due) publishOne(next++ % clients.length);
		if (published >= total) {
			clearInterval(timer);
			resolve();
		}
	}, TICK_MS);
});
const sendSeconds = (performance.now() - started) / 1000;
const deadline = Date.now() + job.drainSeconds * 1000;
while (acked + failed < published && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const ackSeconds = (performance.now() - started) / 1000;
await Promise.all(clients.map((c) => c.endAsync(true)));
// Exit only once the (possibly large) line is flushed: a pipe is written asynchronously.
process.stdout.write(`${JSON.stringify({ published, acked, failed, alarms, sendSeconds, ackSeconds })}\n`, () => process.exit(0));
