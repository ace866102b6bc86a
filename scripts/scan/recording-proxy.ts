import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a scanner sent, as the app answered it. */
export interface RecordedRequest {
	tool: string;
	/** When the request arrived (ISO), to find the app's log lines of the moment. */
	at: string;
	method: string;
	/** The path and query exactly as the scanner sent them (still percent-encoded). */
	url: string;
	/** The app's status; null when it closed the connection without an answer. */
	status: number | null;
	ms: number;
	/** Why there is no status: the app's connection error, or why Node's client would not forward it. */
	error?: string;
	/** Not forwarded: refused by the scan (see `refuse`), or Node's HTTP client or parser would not carry it. */
	notForwarded?: boolean;
	/** The scanner closed the connection before the app answered (its own timeout). */
	gaveUp?: boolean;
	/** First bytes of the request body, for a finding's report. */
	body?: string;
	/** First bytes of the answer, kept for 5xx answers (their error id links them to the app's log). */
	answer?: string;
}

const SNIPPET = 2000;

/**
 * A reverse proxy on 127.0.0.1 that forwards every request unchanged (Host included, so the app
 * sees the origin the scanner uses) and records what the app answered: the only complete count of
 * a scanner's requests and statuses, since the app keeps no access log.
 */
export async function startRecordingProxy(
	target: { port: number },
	tool: string,
	record: (r: RecordedRequest) => void,
	/** A reason to answer 403 without forwarding (a request that would end the scan's own session). */
	refuse: (url: string, body: string) => string | undefined = () => undefined
) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
	const server = http.createServer(async (req, res) => {
		const started = Date.now();
		const entry: RecordedRequest = { tool, at: new Date(started).toISOString(), method: req.method ?? '', url: req.url ?? '', status: null, ms: 0 };
		let recorded = false;
		const done = () => {
			if (recorded) return;
			recorded = true;
			entry.ms = Date.now() - started;
			record(entry);
		};
		const chunks: Buffer[] = [];
		try {
			for await (const c of req) chunks.push(c as Buffer);
		} catch {
			return; // the scanner went away mid-body
		}
		// The scanners' bodies are small: held whole, so a refusal can read them.
		const body = Buffer.concat(chunks);
		if (body.length) entry.body = body.subarray(0, SNIPPET).toString('latin1');
		const refusal = refuse(entry.url, body.toString('latin1'));
		if (refusal) {
			entry.error = refusal;
			entry.notForwarded = true;
			res.writeHead(403, { 'x-scan-proxy': 'refused' }).end();
			return done();
		}
		let upstream: http.ClientRequest;
		try {
			upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers, agent });
		} catch (err) {
			entry.error = (err as Error).message;
			entry.notForwarded = true;
			res.writeHead(400, { 'x-scan-proxy': 'not-forwarded' }).end();
			return done();
		}
		let answered = false;
		upstream.on('response', (answer) => {
			entry.status = answer.statusCode ?? null;
			let kept = '';
			answer.on('data', (c: Buffer) => {
				if ((entry.status ?? 0) >= 500 && kept.length < SNIPPET) kept += c.toString('utf8').slice(0, SNIPPET - kept.length);
			});
			answer.on('end', () => {
				answered = true;
				if (kept) entry.answer = kept;
				done();
			});
			res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
			answer.pipe(res);
		});
		upstream.on('error', (err) => {
			if (entry.status !== null || entry.gaveUp) return; // the answer had started, or nobody waits for it
			entry.error = (err as NodeJS.ErrnoException).code ?? err.message;
			if (!res.headersSent) res.writeHead(502, { 'x-scan-proxy': 'no-answer' });
			res.end();
			done();
		});
		// A scanner that gives up on a slow answer must not leave the upstream request open.
		res.on('close', () => {
			if (answered || entry.error) return;
			entry.error = `the ${tool} client gave up waiting after ${Date.now() - started} ms`;
			entry.gaveUp = true;
			upstream.destroy();
			done();
		});
		upstream.end(body);
	});
	// What Node's parser refuses never reaches the app (which runs the same parser and would answer 400 too).
	server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
		// Other client errors (a reset or idle keep-alive connection) are not requests.
		if (!err.code?.startsWith('HPE_')) return socket.destroy();
		record({ tool, at: new Date().toISOString(), method: '', url: '', status: null, ms: 0, error: err.code, notForwarded: true });
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
			agent.destroy();
		}
	};
}
