// A dashboards process: N Socket.IO clients, each joined to one site, as a wall of consoles
// would be. Every event's publish → dashboard latency is recorded (the load generator put the
// publish time in `at`); each dashboard checks it saw its site's events in seq order, no gaps.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/realtime/contract';

interface Job {
	baseUrl: string;
	token: string;
	sites: string[];
	count: number;
	/** Index of the first dashboard, so several processes spread over the sites alike. */
	offset: number;
	seconds: number;
	runId: string;
}

const job = JSON.parse(process.argv[2]) as Job;
const all: number[] = [];
const alarms: number[] = [];
let events = 0;
let gaps = 0;
let outOfOrder = 0;
let ready = 0;

const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
for (let i = 0; i < job.count; i++) {
	const site = job.sites[(job.offset + i) % job.sites.length];
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(job.baseUrl, { transports: ['websocket'], auth: { token: job.token }, reconnection: true });
	let last = -1;
	// Only the first dashboard per site records latency, so the figures weigh each event once.
	const measure = job.offset + i < job.sites.length;
	socket.on('site:events', (p) => {
		const now = Date.now();
		for (const e of p.events) {
			if (last >= 0 && e.seq !== last + 1) (e.seq > last + 1 ? gaps++ : outOfOrder++);
			last = e.seq;
			if (!e.id?.startsWith(job.runId)) continue;
			events++;
			if (!measure) continue;
			const ms = now - Date.parse(e.at);
			all.push(ms);
			if (e.type === 'AlarmRaised' || e.type === 'AlarmCleared') alarms.push(ms);
		}
	});
	socket.on('connect', () => {
		socket.timeout(30_000).emit('site:join', { site, after: 1_000_000_000 }, (err: unknown, ack: { ok: boolean; data?: { head: number } }) => {
			if (err || !ack?.ok) return console.error(`join ${site} failed`, err ?? ack);
			if (last < 0) last = ack.data!.head;
			ready++;
		});
	});
	sockets.push(socket);
}

// Tell the orchestrator when every dashboard has joined, then wait for its stop signal.
const readyAt = Date.now();
while (ready < job.count && Date.now() - readyAt < 60_000) await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ ready }));
// The orchestrator says stop on stdin (closing it).
await new Promise<void>((resolve) => process.stdin.on('data', () => resolve()).on('end', () => resolve()));
for (const s of sockets) s.close();
// Exit only once the (possibly large) line is flushed: a pipe is written asynchronously.
process.stdout.write(`${JSON.stringify({ events, gaps, outOfOrder, all, alarms })}\n`, () => process.exit(0));
