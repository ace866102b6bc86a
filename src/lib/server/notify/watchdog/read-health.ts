import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import type { Observation } from '$lib/domain/notification/watchdog';
import type { LocalizedName } from '$lib/domain/site/model';
import { WATCHDOG_TOKEN_HEADER } from '../../health';

/** Where the app answers: its own listener, reached from the same machine. */
export interface HealthTarget {
	/** `http(s)://<address>:<port>` of the app's listener. */
	url: string;
	/** The watchdog's token: with it, the health check tells the sites' watchers too. */
	token: string;
	/** The Host to name (the public origin's, when the app answers only to it). */
	host?: string;
}

const BODY_MAX = 1024 * 1024;

const localized = z.object({ 'zh-CN': z.string(), 'zh-TW': z.string(), en: z.string() });
const answer = z.object({
	database: z.object({ ok: z.boolean() }),
	broker: z.object({ ok: z.boolean() }),
	ingest: z.object({ backlog: z.number(), waiting: z.number().optional(), oldestWaitingAt: z.string().nullable().optional(), lastCommitAt: z.string().nullable() }),
	sites: z.array(z.object({ id: z.string(), name: localized, consoles: z.number(), unwatchedSince: z.string().nullable() })).optional()
});

export interface HealthAnswer {
	observation: Observation;
	/** The sites' names, when the answer had them. */
	names: Map<string, LocalizedName>;
}

/**
 * Ask the app's `/api/health` once, within `timeoutMs`. An answer of 200 or 503 with the health
 * body is a reading (503 is the app saying it is degraded); anything else, or nothing in time, is
 * the app not answering. The app's certificate is not checked: this is its own listener on this
 * machine, named by address, which no certificate names.
 */
export function readHealth(target: HealthTarget, timeoutMs: number): Promise<HealthAnswer> {
	const silent: HealthAnswer = { observation: { reachable: false }, names: new Map() };
	return new Promise((resolve) => {
		let done = false;
		const finish = (a: HealthAnswer) => {
			if (done) return;
			done = true;
			clearTimeout(deadline);
			resolve(a);
		};
		const url = new URL('/api/health', target.url);
		const secure = url.protocol === 'https:';
		const headers = { [WATCHDOG_TOKEN_HEADER]: target.token, accept: 'application/json', ...(target.host ? { host: target.host } : {}) };
		const options = { method: 'GET', headers, ...(secure ? { rejectUnauthorized: false, servername: target.host?.replace(/:\d+$/, '') } : {}) };
		const req = (secure ? https : http).request(url, options, (res) => {
			const chunks: Buffer[] = [];
			let size = 0;
			res.on('data', (c: Buffer) => {
				size += c.length;
				if (size > BODY_MAX) {
					finish(silent);
					return req.destroy();
				}
				chunks.push(c);
			});
			res.on('end', () => finish(res.statusCode === 200 || res.statusCode === 503 ? (parse(Buffer.concat(chunks).toString('utf8')) ?? silent) : silent));
			res.on('error', () => finish(silent));
			res.on('aborted', () => finish(silent));
		});
		// Over the whole exchange, the answer's body included.
		const deadline = setTimeout(() => {
			finish(silent);
			req.destroy();
		}, timeoutMs);
		req.on('error', () => finish(silent));
		req.end();
	});
}

function parse(text: string): HealthAnswer | null {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return null;
	}
	const a = answer.safeParse(raw);
	if (!a.success) return null;
	const { database, broker, ingest, sites } = a.data;
	return {
		observation: {
			reachable: true,
			health: {
				database: database.ok,
				broker: broker.ok,
				ingest: { waiting: ingest.waiting ?? ingest.backlog, oldestWaitingAt: ingest.oldestWaitingAt ?? null, lastCommitAt: ingest.lastCommitAt },
				sites: sites ? sites.map(({ id, consoles, unwatchedSince }) => ({ id, consoles, unwatchedSince })) : null
			}
		},
		names: new Map((sites ?? []).map((s) => [s.id, s.name]))
	};
}
