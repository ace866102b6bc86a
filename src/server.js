// Production host: one HTTP server carrying the SvelteKit handler and Socket.IO.
// Socket.IO reaches the bundle through globalThis.__shouwang (read by the init hook),
// so the server code runs in one module graph.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Server } from 'socket.io';
import { startWatchdog } from './watchdog-host.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? (process.env.DATABASE_URL ? '0.0.0.0' : '127.0.0.1');

// Phones need HTTPS for the guard page's service worker and camera: on an estate's network with
// no TLS proxy, give the host a certificate and key (PEM files) and it serves HTTPS itself.
const tls =
	process.env.TLS_CERT_FILE && process.env.TLS_KEY_FILE
		? { cert: fs.readFileSync(process.env.TLS_CERT_FILE), key: fs.readFileSync(process.env.TLS_KEY_FILE) }
		: null;

// adapter-node takes every request for HTTPS unless told otherwise, which breaks SvelteKit's
// origin check and cookie flags when we serve plain HTTP ourselves. Behind a TLS proxy, set
// ORIGIN, or PROTOCOL_HEADER=x-forwarded-proto, and this stays out of the way.
const OWN_PROTOCOL_HEADER = 'x-shouwang-protocol';
const markPlainHttp = !tls && !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (markPlainHttp) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

// adapter-node refuses any body past BODY_SIZE_LIMIT before a route sees it (512K by default); a
// photo may have 2 MiB (MAX_PHOTO_BYTES), and its route gives the clear 413 past that. JSON bodies
// keep their own limit of 512 KiB (readJsonBody).
process.env.BODY_SIZE_LIMIT ??= '2176K';

/** @type {import('node:http').RequestListener | undefined} */
let handler;
// The listener exists before Socket.IO attaches, so Socket.IO can route /socket.io/ past it.
/** @type {import('node:http').RequestListener} */
const listener = (req, res) => {
	// Node keeps the first of several Host headers; HTTP says such a request is refused (RFC 9112 §3.2),
	// as two parties could each read a different one.
	if (req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'host').length > 1) {
		res.writeHead(400, { 'content-type': 'application/json', connection: 'close' }).end('{"message":"more than one Host header"}');
		return;
	}
	if (markPlainHttp) req.headers[OWN_PROTOCOL_HEADER] = 'http'; // overwrites anything a client sent
	handler?.(req, res);
};
const httpServer = tls ? https.createServer(tls, listener) : http.createServer(listener);
const io = new Server(httpServer, { serveClient: false });
// Its own process, started first: it tells the configured channels if this one never comes up,
// dies, or loses its database (see watchdog-host.js).
const watchdog = startWatchdog({ protocol: tls ? 'https' : 'http', host, port });
/** @type {{ io: Server, stop?: () => Promise<void>, watchdogToken: string }} */
const shared = { io, watchdogToken: watchdog.token };
Object.assign(globalThis, { __shouwang: shared });

// Importing the handler runs the init hook: database, migrations, broker, bridge.
try {
	const entry = '../build/handler.js'; // built by `npm run build`; kept out of type-checking
	({ handler } = await import(entry));
} catch (err) {
	console.error(`\nShouwang could not start: ${err instanceof Error ? err.message : err}\n`);
	process.exit(1);
}
httpServer.listen(port, host, () => {
	console.log(`Shouwang listening on ${tls ? 'https' : 'http'}://${host}:${port}`);
	const address = httpServer.address();
	if (address && typeof address === 'object') watchdog.listening(address.port);
});

// Every rejection on the request path is handled where it happens; this is the net under a
// library that drops one (SvelteKit once called the hooks for an undecodable path outside its
// own error handling). A control room must not go dark over one request: log it and go on.
process.on('unhandledRejection', (reason) => {
	const err = reason instanceof Error ? { type: reason.name, message: reason.message, stack: reason.stack } : { value: String(reason) };
	console.error(JSON.stringify({ level: 50, time: new Date().toISOString(), app: 'shouwang', err, msg: 'unhandled rejection (the process goes on)' }));
});

let stopping = false;
/** @param {string} signal */
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	const quiet = watchdog.stop();
	httpServer.close();
	io.close();
	await shared.stop?.();
	await quiet;
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
