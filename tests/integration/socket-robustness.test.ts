import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/users';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { openRawWebSocket, type RawWebSocket } from '../fixtures/raw-websocket';

const PASSWORD = 'robust-socket-password-1';
type Dashboard = Awaited<ReturnType<typeof connectDashboard>>;
type Device = Awaited<ReturnType<typeof connectDevice>>;
// Loosely typed on purpose: the corpus sends what the contract does not allow.
type AnySocket = Socket<Record<string, (...args: unknown[]) => void>, Record<string, (...args: unknown[]) => void>>;

/** Nested arrays `depth` deep, as JSON text (a parser that recurses may overflow its stack). */
const nestedJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number): unknown => {
	let o: unknown = { site: 'x', after: 0 };
	for (let i = 0; i < depth; i++) o = { site: { nested: o }, after: 0 };
	return o;
};

// A corpus of what a broken or hostile client can send over Socket.IO: bad payloads from a real
// client, malformed frames on the raw websocket, floods and bad handshakes. After each part the
// app must still be alive, answer /api/health, and store and deliver a fire alarm to a good
// dashboard in time.
describe('Socket.IO robustness', () => {
	let app: RunningApp;
	const site = uniqueId('sock-r');
	let good: Dashboard;
	let panel: Device;
	let operator: string;
	let alarms = 0;

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, site);
		await createUser(app.sql, { username: 'op-r', displayName: 'Operator R', role: 'operator', password: PASSWORD, sites: [site] });
		operator = await signInCookie(app.baseUrl, 'op-r', PASSWORD);
		panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-R', 'fire_panel'));
		// A log long enough that a catch-up from 0 is real work (a flood of joins reads it again and again).
		const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-R', 'guard_handheld'));
		await Promise.all(Array.from({ length: 600 }, (_, i) => handheld.publish('scans', scanBody(`fill-${i}`, { checkpoint: 'CP-R1' }))));
		await handheld.close();
		good = await connectDashboard(app.baseUrl, operator);
		expect((await good.join(site, 0)).ok).toBe(true);
	}, 120_000);
	afterAll(async () => {
		good?.close();
		await panel?.close();
		await app?.dispose();
	});

	/** Alive, healthy, and a fire alarm published now reaches the good dashboard within `withinMs`. */
	async function expectServing(withinMs = 10_000): Promise<number> {
		expect(app.child.exitCode).toBeNull();
		const health = await fetch(`${app.baseUrl}/api/health`, { signal: AbortSignal.timeout(withinMs) });
		expect(health.status).toBe(200);
		const id = `robust-fire-${++alarms}`;
		const sent = Date.now();
		await panel.publish('alarms', alarmBody(id));
		await waitFor(() => (good.events(site).some((e) => e.id === id && e.type === 'AlarmRaised') ? true : undefined), withinMs, `alarm ${id} on the good dashboard`);
		expect(good.socket.connected).toBe(true);
		return Date.now() - sent;
	}

	const client = (headers: Record<string, string> = { cookie: operator }, opts: object = {}) =>
		ioClient(app.baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: headers, ...opts }) as unknown as AnySocket;
	const connected = async (s: AnySocket) => {
		await waitFor(() => (s.connected ? true : undefined), 10_000, 'socket connect');
		return s;
	};

	it('answers bad site:join and site:leave payloads with a refusal, with or without an ack', async () => {
		const s = await connected(client());
		try {
			const proto = JSON.parse('{"__proto__": {"site": "x", "after": 0}, "constructor": {"prototype": {"polluted": 1}}}');
			const bad: unknown[] = [
				null,
				0,
				-1,
				1e308,
				'site',
				'x'.repeat(200_000),
				[],
				[site, 0],
				{},
				{ site },
				{ site, after: -1 },
				{ site, after: 1.5 },
				{ site, after: '0' },
				{ site, after: 1e300 },
				{ site, after: Number.MAX_SAFE_INTEGER + 2 },
				{ site: 'system', after: 0 },
				{ site: 'x'.repeat(200_000), after: 0 },
				{ site: `${site}\u0000`, after: 0 },
				{ site: ['a'], after: 0 },
				proto,
				nestedObject(300)
			];
			for (const payload of bad) {
				const answer = await s.timeout(10_000).emitWithAck('site:join', payload);
				expect(answer, JSON.stringify(payload)?.slice(0, 80)).toEqual({ ok: false, error: 'invalid_request' });
			}
			// Well-formed ids of sites this operator does not have (or that do not exist): forbidden, without a hint of what exists.
			for (const other of ['no-such-site', '__proto__', 'constructor', 'hasOwnProperty']) {
				expect(await s.timeout(10_000).emitWithAck('site:join', { site: other, after: 0 })).toEqual({ ok: false, error: 'forbidden' });
			}
			// No ack, or an ack that is not a function: nothing to answer, nothing breaks.
			s.emit('site:join', { site, after: 0 });
			s.emit('site:join', { site, after: 0 }, 5);
			s.emit('site:join', { site, after: 0 }, { then: 1 });
			s.emit('site:join');
			for (const payload of [...bad, undefined]) {
				s.emit('site:leave', payload);
				expect(await s.timeout(10_000).emitWithAck('site:leave', payload)).toMatchObject({ ok: expect.any(Boolean) });
			}
			s.emit('site:leave', { site }, 'not a function');
			// Still answering, and still allowed its own site.
			expect((await s.timeout(10_000).emitWithAck('site:join', { site, after: 0 })).ok).toBe(true);
			expect(s.connected).toBe(true);
		} finally {
			s.close();
		}
		await expectServing();
	});

	it('ignores unknown events and odd event names', async () => {
		const s = await connected(client());
		try {
			for (const name of ['nope', 'site:events', 'server:heartbeat', 'session:ended', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000)]) {
				s.emit(name, { site, after: 0 });
				s.emit(name, Buffer.from([1, 2, 3]));
				await expect(s.timeout(300).emitWithAck(name, { site })).rejects.toThrow(); // never answered
			}
			expect((await s.timeout(10_000).emitWithAck('site:join', { site, after: 0 })).ok).toBe(true);
		} finally {
			s.close();
		}
		await expectServing();
	});

	/** A raw engine.io websocket, opened and connected to the main namespace with the operator's cookie. */
	async function rawSession(): Promise<RawWebSocket> {
		const ws = await openRawWebSocket(`${app.baseUrl}/socket.io/?EIO=4&transport=websocket`, { cookie: operator });
		await waitFor(() => (ws.messages[0]?.startsWith('0{') ? true : undefined), 5000, 'engine.io open');
		ws.text('40');
		await waitFor(() => (ws.messages.some((m) => m.startsWith('40{')) ? true : undefined), 5000, 'namespace connect');
		return ws;
	}

	/** Either the connection still answers a join, or the server has closed it: never a hang. */
	async function answersOrCloses(ws: RawWebSocket, what: string): Promise<'answered' | 'closed'> {
		ws.text(`4299["site:join",{"site":"${site}","after":0}]`);
		return waitFor(() => (ws.messages.some((m) => m.startsWith('4399[')) ? 'answered' : ws.closed || ws.closeCode !== null ? 'closed' : undefined), 10_000, `an answer or a close after ${what.slice(0, 60)}`);
	}

	it('closes or ignores malformed packets on the raw websocket', async () => {
		const placeholder = (num: unknown) => JSON.stringify({ _placeholder: true, num });
		const text = [
			'',
			'zzz',
			'9',
			'4',
			'49',
			'4x',
			'42',
			'42[',
			'42{}',
			'42[]',
			'42[1]',
			'42[null]',
			'42"site:join"',
			'42["site:join"]',
			'42["site:join",null]',
			`421["site:join",${'x'.repeat(10)}]`,
			`42["site:join",${nestedJson(100_000)}]`,
			`421["site:join",${nestedJson(5_000)}]`,
			'42["__proto__",{"__proto__":{"polluted":true}}]',
			'421["constructor",{}]',
			'421["site:join",{"__proto__":{"site":"x"},"after":0}]',
			'4299999999999999999999999["site:join",{}]',
			'42-1["site:join",{}]',
			'43',
			'431[]',
			'4399[{"ok":true}]',
			'43abc',
			'44',
			'44{"message":"x"}',
			'45',
			'45-',
			'4999-["site:join"]',
			'451-["site:join",' + placeholder(0) + ']',
			'451-["site:join",' + placeholder(7) + ']',
			'451-["site:join",' + placeholder('__proto__') + ']',
			'451-["site:join",' + placeholder(-1) + ']',
			'451-["site:join",' + placeholder({}) + ']',
			'4-1-["site:join"]',
			'46',
			'461-[]',
			'47',
			'40',
			'40/admin,',
			'40/nope,{"token":1}',
			'41',
			'41/nope,',
			'2',
			'2probe',
			'3',
			'5',
			'6',
			'\u0000\u0001\u0002',
			'4\uD800'
		];
		const outcomes: Record<string, number> = {};
		const tally = (o: string) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
		for (const frame of text) {
			const ws = await rawSession();
			try {
				ws.text(frame);
				// Leaving the namespace leaves a bare engine.io connection (it times out on pings): connect again to probe it.
				if (frame === '41') ws.text('40');
				tally(await answersOrCloses(ws, JSON.stringify(frame)));
			} finally {
				ws.close();
			}
		}
		const frames: [string, (ws: RawWebSocket) => void][] = [
			['binary garbage', (ws) => ws.binary(Buffer.from([0xde, 0xad, 0xbe, 0xef]))],
			['binary without an announcement', (ws) => ws.binary(Buffer.from('hello'))],
			['announced attachment then two', (ws) => (ws.text('451-["site:join",' + placeholder(0) + ']'), ws.binary(Buffer.from('{}')), ws.binary(Buffer.from('{}')))],
			['invalid UTF-8 text', (ws) => ws.frame(0x1, Buffer.from([0x34, 0x32, 0xff, 0xfe]))],
			['reserved opcode', (ws) => ws.frame(0x3, 'x')],
			['reserved bits', (ws) => ws.frame(0x1, '42["x"]', { rsv: 7 })],
			['unmasked', (ws) => ws.frame(0x1, '42["x"]', { mask: false })],
			['endless fragments', (ws) => { for (let i = 0; i < 50; i++) ws.frame(i ? 0x0 : 0x1, '4', { fin: false }); }],
			['control frame too long', (ws) => ws.frame(0x9, Buffer.alloc(200))],
			['beyond maxHttpBufferSize', (ws) => ws.text(`42["site:join","${'x'.repeat(2_000_000)}"]`)],
			['binary beyond maxHttpBufferSize', (ws) => ws.binary(Buffer.alloc(3_000_000))],
			['not a frame', (ws) => ws.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'))],
			['close frame', (ws) => ws.frame(0x8, Buffer.from([0x03, 0xe8]))]
		];
		for (const [what, send] of frames) {
			const ws = await rawSession();
			try {
				send(ws);
				tally(await answersOrCloses(ws, what));
			} finally {
				ws.close();
			}
		}
		expect(outcomes.answered).toBeGreaterThan(0);
		expect(outcomes.closed).toBeGreaterThan(0);
		await expectServing();
	});

	it('refuses bad handshakes: cookies, tokens, origins and engine.io queries', async () => {
		const handshake = (headers: Record<string, string>, opts: object = {}) =>
			new Promise<string>((resolve) => {
				const s = client(headers, opts);
				s.on('connect', () => (s.close(), resolve('connected')));
				s.on('connect_error', (err) => (s.close(), resolve(err.message)));
			});
		const refusals: Record<string, string>[] = [
			{ cookie: 'shouwang_session=' },
			{ cookie: 'shouwang_session=forged' },
			{ cookie: 'shouwang_session=%E0%A4%A' },
			{ cookie: `shouwang_session=${'A'.repeat(4000)}` },
			{ cookie: 'shouwang_session=a; shouwang_session=b; __proto__=x; constructor=y' },
			{ cookie: ';;;===;;' },
			{ authorization: 'Bearer swt_forged' },
			{ authorization: 'Bearer ' },
			{ authorization: `Bearer swt_${'x'.repeat(5000)}` },
			{ authorization: 'Basic Zm9vOmJhcg==' }
		];
		for (const headers of refusals) expect(await handshake(headers), JSON.stringify(headers).slice(0, 60)).toBe('unauthenticated');
		for (const token of [5, null, { token: 'x' }, ['swt_x'], 'swt_forged', 'x'.repeat(100_000)]) {
			expect(await handshake({}, { auth: { token } })).toBe('unauthenticated');
		}
		for (const origin of ['http://evil.example', 'null', '::::', 'http://127.0.0.1.evil.example', `http://${'a'.repeat(5000)}`]) {
			expect(await handshake({ cookie: operator, origin })).toBe('forbidden origin');
		}
		// Engine.io's own refusals over HTTP: 4xx, never a 5xx.
		const base = `${app.baseUrl}/socket.io/`;
		const http = [
			fetch(`${base}?EIO=3&transport=polling`),
			fetch(`${base}?EIO=999&transport=polling`),
			fetch(`${base}?EIO=4&transport=flashsocket`),
			fetch(`${base}?EIO=4&transport=polling&sid=nope`),
			fetch(`${base}?EIO=4&transport=polling&sid=nope`, { method: 'POST', body: '42["site:join"]' }),
			fetch(`${base}?EIO=4&transport=polling&sid=%E0%A4%A`),
			fetch(`${base}?EIO=4&transport=polling&sid[]=1`),
			fetch(`${base}?EIO=4&transport=polling`, { method: 'PUT' }),
			fetch(`${base}?EIO=4&transport=websocket`)
		];
		for (const r of await Promise.all(http)) expect(r.status, r.url).toBeLessThan(500);
		// A polling session with a garbage body is closed, not crashed.
		const open = await (await fetch(`${base}?EIO=4&transport=polling`, { headers: { cookie: operator } })).text();
		const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
		const post = await fetch(`${base}?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { cookie: operator, 'content-type': 'text/plain' }, body: '\u001e\u001ezz\u001e42[' });
		expect(post.status).toBeLessThan(500);
		await expectServing();
	});

	it('holds against a flood from one socket: thousands of joins and events', async () => {
		const s = await connected(client());
		const answers: Record<string, number> = {};
		let flood: Promise<unknown> = Promise.resolve();
		try {
			const started = Date.now();
			const joins = Array.from({ length: 3000 }, () =>
				s.timeout(60_000).emitWithAck('site:join', { site, after: 0 }).then(
					(a) => {
						const key = (a as { ok: boolean; error?: string }).ok ? 'ok' : String((a as { error?: string }).error);
						answers[key] = (answers[key] ?? 0) + 1;
					},
					() => (answers.unanswered = (answers.unanswered ?? 0) + 1)
				)
			);
			for (let i = 0; i < 5000; i++) s.emit('nope', { i });
			for (let i = 0; i < 2000; i++) s.emit('site:leave', { site: `x-${i}` });
			flood = Promise.all(joins);
			// While the flood is being served, the control room stays responsive.
			const lag = await expectServing(5000);
			await flood;
			console.log(`flood: ${Date.now() - started} ms, alarm delivered in ${lag} ms, answers`, answers);
			// Over its budget the socket was refused, then cut off as a flood.
			expect(answers.rate_limited).toBeGreaterThan(0);
			expect(s.disconnected).toBe(true);
		} finally {
			s.close();
		}
		// Unknown events alone count too.
		const chatty = await connected(client());
		try {
			for (let i = 0; i < 5000; i++) chatty.emit('nope', { i });
			await waitFor(() => (chatty.disconnected ? true : undefined), 10_000, 'the chatty socket cut off');
		} finally {
			chatty.close();
		}
		// A well-behaved console on the same account is served as before.
		const fresh = await connected(client());
		try {
			expect((await fresh.timeout(10_000).emitWithAck('site:join', { site, after: 0 })).ok).toBe(true);
		} finally {
			fresh.close();
		}
		await expectServing();
	}, 120_000);

	it('holds against many connections at once, good and bad', async () => {
		const sockets = [
			...Array.from({ length: 150 }, () => client()),
			...Array.from({ length: 150 }, (_, i) => client({ cookie: `shouwang_session=forged-${i}` }))
		];
		try {
			await waitFor(() => (sockets.slice(0, 150).every((s) => s.connected) ? true : undefined), 30_000, 'the good sockets');
			await Promise.all(sockets.slice(0, 150).map((s) => s.timeout(30_000).emitWithAck('site:join', { site, after: 590 })));
			await expectServing();
		} finally {
			for (const s of sockets) s.close();
		}
		await expectServing();
	}, 120_000);
});
