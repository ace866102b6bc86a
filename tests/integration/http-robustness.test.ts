import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ACCESS } from '../../src/lib/server/auth/route-access';
import { basicAuth, createSite, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { alarmBody } from '../fixtures/clients';
import { rawRequest, sendRaw, type RawOutcome } from '../fixtures/raw-http';

/** One concrete path per declared route, its params filled with things that exist (or plausibly could). */
function concretePaths(site: string): { id: string; path: string }[] {
	const fill: Record<string, string> = {
		'[site]': site,
		'[device]': 'CORPUS-1',
		'[id]': `${site}:1`,
		'[file]': 'site.json',
		'[kind=ingest]': 'alarms',
		'[action=incident_verb]': 'note'
	};
	return Object.keys(ROUTE_ACCESS).map((id) => {
		let path = id.replace(/\[[^\]]+\]/g, (p) => fill[p] ?? 'x');
		if (id.startsWith('/api/users/[id]') || id === '/api/tokens/[id]') path = path.replace(`${site}:1`, randomUUID());
		return { id, path };
	});
}

/** Ending the corpus's own session would turn the rest into anonymous requests. */
const SIGN_OUT = new Set(['/api/auth/logout', '/logout']);

interface Case {
	what: string;
	request: Buffer;
	/** Malformed by construction: must be refused with a 4xx. Otherwise anything below 500 will do. */
	malformed: boolean;
}

function corpus(port: number, paths: { id: string; path: string }[], cookie: string): Case[] {
	const host = `127.0.0.1:${port}`;
	const origin = `http://${host}`;
	const cases: Case[] = [];
	const add = (what: string, malformed: boolean, method: string, target: string, headers: Record<string, string> = {}, body?: Buffer | string) =>
		cases.push({ what: `${method} ${target.slice(0, 120)} ${what}`, malformed, request: rawRequest(method, target, { Host: host, ...headers }, body) });
	const signedIn = { Cookie: cookie, Origin: origin };
	const deep = '['.repeat(100_000) + ']'.repeat(100_000);
	const bodies: [string, string | Buffer][] = [
		['truncated JSON', '{"a":'],
		['JSON null', 'null'],
		['JSON array', '[]'],
		['JSON string', '"x"'],
		['huge number', '1e999999'],
		['deep nesting', deep],
		['deep object nesting', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
		['__proto__ key', '{"__proto__":{"role":"admin","isAdmin":true},"text":"x"}'],
		['constructor key', '{"constructor":{"prototype":{"polluted":true}}}'],
		['NUL in a string', '{"text":"a\\u0000b","username":"a\\u0000","password":"b\\u0000","name":"x\\u0000"}'],
		['NUL in a key', '{"a\\u0000":1}'],
		['lone surrogate', '{"text":"\\ud800"}'],
		['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d])],
		['wrong types', '{"username":1,"password":[],"role":{},"sites":"A","minutes":"1e9","disabled":"yes","id":{"$ne":null}}']
	];
	const types = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/json; charset=utf-16', 'application/xml', ''];

	for (const { id, path } of paths) {
		const auth = SIGN_OUT.has(id) ? {} : signedIn;
		// Undecodable and odd spellings of the route's own path.
		add('bad percent-encoding', true, 'GET', `${path}/%E0%A4%A`, auth);
		add('lone percent', true, 'GET', `${path}%`, auth);
		add('bad hex', true, 'GET', `${path}/%zz`, auth);
		add('NUL in the path', true, 'GET', `${path}%00`, auth);
		add('NUL in the query', true, 'GET', `${path}?site=%00&actor=%2Fe%00`, auth);
		add('overlong path', true, 'GET', `${path}/${'a'.repeat(6000)}`, auth);
		add('path past the header limit', true, 'GET', `${path}/${'a'.repeat(20_000)}`, auth);
		add('dot segments', false, 'GET', `${path}/..%2f..%2f..%2fetc%2fpasswd`, auth);
		add('odd query', false, 'GET', `${path}?after=-1&after=1e400&limit=abc&site[]=x&site=..%2F&status=__proto__`, auth);
		add('trailing dot', false, 'GET', `${path}.`, auth);
		add('double slashes', false, 'GET', `/${path}//`, auth);
		add('upper case', false, 'GET', path.toUpperCase(), auth);
		// Every method, including those the route does not serve.
		for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'BREW']) {
			add('any method', false, method, path, { ...auth, 'Content-Type': 'application/json' }, method === 'GET' || method === 'HEAD' ? undefined : '{}');
		}
		// Bodies and types, on every unsafe method the route declares.
		// (Signing out is answered with the way to sign in whatever the body: its bodies are not checked.)
		for (const method of Object.keys(ROUTE_ACCESS[id]).filter((m) => m !== 'GET' && !SIGN_OUT.has(id))) {
			for (const [what, body] of bodies) add(what, true, method, path, { ...auth, 'Content-Type': 'application/json' }, body);
			for (const type of types) add(`type ${type || '(none)'}`, false, method, path, type ? { ...auth, 'Content-Type': type } : auth, 'x=1&{"a":1}');
			add('no Origin', true, method, path, { Cookie: cookie, 'Content-Type': 'text/plain' }, '{}');
			add('foreign Origin', true, method, path, { Cookie: cookie, Origin: 'http://evil.example', 'Content-Type': 'application/json' }, '{}');
			add('body past the limit', true, method, path, { ...auth, 'Content-Type': 'application/json' }, `{"text":"${'x'.repeat(600 * 1024)}"}`);
			add('length larger than the body', true, method, path, { ...auth, 'Content-Type': 'application/json', 'Content-Length': '999999999' });
		}
		// Headers: huge, bad cookies, bad credentials.
		add('huge header', true, 'GET', path, { ...auth, 'X-Big': 'x'.repeat(20_000) });
		add('many headers', false, 'GET', path, Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-H${i}`, 'v'])));
		add('undecodable cookie', false, 'GET', path, { Cookie: 'shouwang_session=%E0%A4%A; x=%' });
		add('long cookie', false, 'GET', path, { Cookie: `shouwang_session=${'a'.repeat(4000)}` });
		add('odd cookie', false, 'GET', path, { Cookie: 'shouwang_session="\\u0000"; ;;=; =x' });
		add('bad bearer', false, 'GET', path, { Authorization: `Bearer swt_${'A'.repeat(60)}` });
		add('long bearer', false, 'GET', path, { Authorization: `Bearer swt_${'A'.repeat(4000)}` });
		add('bad basic', false, 'GET', path, { Authorization: 'Basic %%%%' });
		add('basic, not UTF-8', false, 'POST', path, { Authorization: `Basic ${Buffer.from([0xff, 0x3a, 0xfe]).toString('base64')}`, 'Content-Type': 'application/json' }, '{}');
		add('basic, empty', false, 'POST', path, { Authorization: 'Basic ', 'Content-Type': 'application/json' }, '{}');
		add('foreign Host', true, 'GET', path, { ...auth, Host: 'evil.example' });
	}
	// Named form actions with bodies that are not forms.
	for (const target of ['/admin/users?/create', '/admin/users?/update', '/admin/sites?/import', '/admin/sites?/floorPlan', '/admin/devices?/create', '/admin/devices?/rotate', '/admin/users?/disable', '/login', '/setup']) {
		for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'multipart/form-data', 'application/x-www-form-urlencoded']) {
			add(`form action, type ${type}`, false, 'POST', target, { ...signedIn, 'Content-Type': type }, '--x\r\nbroken');
		}
	}
	// Request lines and framing Node must refuse or survive.
	const bare = (what: string, bytes: string) => cases.push({ what, malformed: true, request: Buffer.from(bytes, 'latin1') });
	bare('garbage', 'GARBAGE\r\n\r\n');
	bare('HTTP/0.9', 'GET /\r\n\r\n');
	bare('absolute-form target', `GET http://evil.example/api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
	bare('asterisk target', `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
	bare('no Host', 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n');
	bare('two Hosts', `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
	bare('bad chunking', `POST /api/auth/login HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`);
	bare('length and chunked', `POST /api/auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`);
	bare('CONNECT', `CONNECT 127.0.0.1:5432 HTTP/1.1\r\nHost: 127.0.0.1:5432\r\n\r\n`);
	bare('control characters in the target', `GET /api/health\x01\x7f HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
	bare('space in a header name', `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nBad Header: x\r\nConnection: close\r\n\r\n`);
	return cases;
}

/** 4xx for what is malformed, anything but 5xx for the rest; never a hang. A refused connection counts only for what Node itself refuses. */
function verdict(c: Case, outcome: RawOutcome): string | null {
	if ('hung' in outcome) return `${c.what}: no answer within 10 s`;
	if ('closed' in outcome) return c.what.startsWith('CONNECT') || !c.malformed ? null : `${c.what}: connection closed without an answer`;
	if (outcome.status >= 500) return `${c.what}: ${outcome.status}`;
	if (c.malformed && outcome.status < 400) return `${c.what}: ${outcome.status}, expected a 4xx`;
	return null;
}

describe('the request path survives a corpus of malformed requests', () => {
	let app: RunningApp;
	let site: string;
	let fap: DeviceLogin;

	beforeAll(async () => {
		app = await startApp();
		site = uniqueId('rob');
		await createSite(app.sql, site);
		fap = await app.device(site, 'FAP-1', 'fire_panel');
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('answers every request with a 4xx (never a 5xx or a hang) and keeps serving and storing', async () => {
		const cases = corpus(app.port, concretePaths(site), app.cookie);
		expect(cases.length).toBeGreaterThan(1000);
		const problems: string[] = [];
		// A few at a time: enough to overlap, not so many that a slow answer looks like a hang.
		for (let i = 0; i < cases.length; i += 8) {
			const batch = cases.slice(i, i + 8);
			const outcomes = await Promise.all(batch.map((c) => sendRaw(app.port, c.request)));
			batch.forEach((c, j) => {
				const problem = verdict(c, outcomes[j]);
				if (problem) problems.push(problem);
			});
		}
		expect(problems).toEqual([]);
		expect(app.child.exitCode).toBeNull();
		expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
		const stored = await fetch(`${app.baseUrl}/api/sites/${site}/devices/FAP-1/alarms`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...basicAuth(fap) },
			body: JSON.stringify(alarmBody('after-corpus'))
		});
		expect(stored.status).toBe(201);
		// A client's mistakes are not the server's errors: nothing at error level.
		const errors = app.logs().split('\n').filter((l) => l.includes('"level":50'));
		expect(errors).toEqual([]);
	});

	it('refuses the corpus findings by name: a malformed device path, a prototype verb, NUL in a filter, a POST to a page', async () => {
		const status = async (method: string, target: string, headers: Record<string, string> = {}, body?: string) => {
			const o = await sendRaw(app.port, rawRequest(method, target, { Host: `127.0.0.1:${app.port}`, ...headers }, body));
			return 'status' in o ? o.status : -1;
		};
		const admin = { Cookie: app.cookie, Origin: app.baseUrl, 'Content-Type': 'application/json' };
		expect(await status('GET', '/api/sites/%E0%A4%A/devices/x/scans')).toBe(400);
		expect(await status('POST', `/api/incidents/${site}:1/constructor`, admin, '{}')).toBe(404);
		expect(await status('POST', `/api/incidents/${site}:1/__proto__`, admin, '{}')).toBe(404);
		expect(await status('GET', '/admin/audit?actor=%2Fe%00', { Cookie: app.cookie })).toBe(400);
		expect(await status('POST', '/admin/audit', admin, '{}')).toBe(405);
		expect(await status('POST', `/api/incidents/${site}:1/note`, admin, '{"text":"a\\u0000b"}')).toBe(400);
		// Found by `npm run scan`: a form field carried into an action's own API call, and a site that does not exist.
		const form = { Cookie: app.cookie, Origin: app.baseUrl, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' };
		expect(await status('POST', `/admin/devices?site=${site}&/revoke`, form, 'device=%2Fe%00')).toBe(400);
		const [{ id }] = (await (await app.api('/api/users')).json()).users;
		expect(await status('PATCH', `/api/users/${id}`, admin, '{"sites":["no-such-site"]}')).toBe(400);
	});
});
