import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../fixtures/ports';
import { channelConfigSchema, type ChannelConfigInput } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { sendThrough } from '$lib/server/notify/channels/channel';
import { testChannel } from '$lib/server/notify/channels/test-message';

// The senders against real local receivers: each robot's documented request (path, query,
// headers, body, signature), its error answers, a retry with the same delivery, SMTP, timeouts.
// The robots' signatures are checked against Python's hmac, an implementation not ours.

const run = promisify(execFile);
const TIMEOUT_MS = 5_000;
const opts = () => ({ now: new Date(), timeoutMs: TIMEOUT_MS });
const config = (input: ChannelConfigInput) => channelConfigSchema.parse(input);
const message: OutboundMessage = { title: 'Ticket T-12 breached', text: 'Lift 3 down for 30 min', severity: 'major', link: 'https://sw.example.cn/tickets/T-12', at: '2026-12-01T08:00:00.000Z', kind: 'ticket_breached' };

type Received = { method: string; path: string; rawQuery: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: Buffer };
type Answer = { status: number; body: string } | 'hang';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
	await Promise.all(closers.splice(0).map((close) => close()));
});

/** An HTTP receiver on a free port, recording each request and answering with `answer(n)`. */
async function startReceiver(answer: (n: number) => Answer): Promise<{ base: string; received: Received[] }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://receiver');
			received.push({ method: req.method ?? '', path: url.pathname, rawQuery: url.search.slice(1), query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) });
			const a = answer(received.length);
			if (a === 'hang') return;
			res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	closers.push(() => new Promise<void>((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	}));
	return { base: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, received };
}

const json = (r: Received) => JSON.parse(r.body.toString('utf8'));

async function python(script: string, ...args: string[]): Promise<string> {
	const { stdout } = await run('python3', ['-c', script, ...args]);
	return stdout.trim();
}
const PY_DINGTALK = 'import sys,hmac,hashlib,base64,urllib.parse as u\ns,t=sys.argv[1],sys.argv[2]\nprint(u.quote_plus(base64.b64encode(hmac.new(s.encode(),(t+"\\n"+s).encode(),hashlib.sha256).digest())))';
const PY_FEISHU = 'import sys,hmac,hashlib,base64\ns,t=sys.argv[1],sys.argv[2]\nprint(base64.b64encode(hmac.new((t+"\\n"+s).encode(),b"",hashlib.sha256).digest()).decode())';

describe('webhook', () => {
	const SECRET = 'whsec-0123456789abcdef';

	it('POSTs the signed JSON body with the delivery header, and retries a 503 with the same delivery', async () => {
		const rx = await startReceiver((n) => (n === 1 ? { status: 503, body: '' } : { status: 204, body: '' }));
		const channel = config({ kind: 'webhook', url: `${rx.base}/hooks/shouwang?src=sw`, secret: SECRET });
		expect(await sendThrough(channel, [message], 'dlv-1', opts())).toEqual({ ok: false, retryable: true, reason: 'http_503' });
		expect(await sendThrough(channel, [message], 'dlv-1', opts())).toEqual({ ok: true });

		expect(rx.received).toHaveLength(2);
		for (const r of rx.received) {
			expect(r).toMatchObject({ method: 'POST', path: '/hooks/shouwang', rawQuery: 'src=sw' });
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			expect(r.headers['x-shouwang-delivery']).toBe('dlv-1');
			const expected = createHmac('sha256', SECRET).update(r.body).digest();
			const given = Buffer.from(String(r.headers['x-shouwang-signature']), 'hex');
			expect(given.length).toBe(32);
			expect(timingSafeEqual(given, expected)).toBe(true);
			expect(json(r)).toMatchObject({ version: 1, deliveryId: 'dlv-1', messages: [message] });
		}
	});

	it('does not retry a 4xx other than 408 and 429', async () => {
		const statuses = [400, 408, 429, 410];
		const rx = await startReceiver((n) => ({ status: statuses[n - 1], body: '' }));
		const channel = config({ kind: 'webhook', url: `${rx.base}/in`, secret: SECRET });
		const results = [];
		for (let i = 0; i < statuses.length; i++) results.push(await sendThrough(channel, [message], `dlv-${i}`, opts()));
		expect(results).toEqual([
			{ ok: false, retryable: false, reason: 'http_400' },
			{ ok: false, retryable: true, reason: 'http_408' },
			{ ok: false, retryable: true, reason: 'http_429' },
			{ ok: false, retryable: false, reason: 'http_410' }
		]);
	});

	it('gives a retryable timeout when the receiver never answers, and refused on a closed port', async () => {
		const rx = await startReceiver(() => 'hang');
		const channel = config({ kind: 'webhook', url: `${rx.base}/in`, secret: SECRET });
		expect(await sendThrough(channel, [message], 'dlv-t', { now: new Date(), timeoutMs: 300 })).toEqual({ ok: false, retryable: true, reason: 'timeout' });
		expect(rx.received).toHaveLength(1);
		const closed = config({ kind: 'webhook', url: `http://127.0.0.1:${await freePort()}/in`, secret: SECRET });
		expect(await sendThrough(closed, [message], 'dlv-r', opts())).toEqual({ ok: false, retryable: true, reason: 'refused' });
	});

	it('sends the test message in the admin’s language', async () => {
		const rx = await startReceiver(() => ({ status: 200, body: '' }));
		expect(await testChannel(config({ kind: 'webhook', url: `${rx.base}/in`, secret: SECRET }), 'zh-TW')).toEqual({ ok: true });
		expect(json(rx.received[0]).messages[0]).toMatchObject({ title: '守望測試通知', severity: 'info', kind: 'channel_test', link: null });
		expect(rx.received[0].headers['x-shouwang-delivery']).toMatch(/^test-/);
	});
});

describe('WeCom robot', () => {
	it('POSTs the documented markdown message to the key URL', async () => {
		const rx = await startReceiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
		const channel = config({ kind: 'wecom', url: `${rx.base}/cgi-bin/webhook/send?key=693a91f6-test`, locale: 'en' });
		expect(await sendThrough(channel, [{ ...message, text: '故障'.repeat(1000) }], 'dlv-w', opts())).toEqual({ ok: true });
		const r = rx.received[0];
		expect(r).toMatchObject({ method: 'POST', path: '/cgi-bin/webhook/send', rawQuery: 'key=693a91f6-test' });
		expect(r.headers['content-type']).toMatch(/^application\/json/);
		const body = json(r);
		expect(Object.keys(body).sort()).toEqual(['markdown', 'msgtype']);
		expect(body.msgtype).toBe('markdown');
		expect(Buffer.byteLength(body.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
		expect(body.markdown.content).toMatch(/^\*\*Ticket T-12 breached\*\*\n<font color="warning">Major<\/font>\n故障/);
	});

	it('takes a non-zero errcode as a failure: 45009 retried, 93000 (bad key) not', async () => {
		const answers = ['{"errcode":45009,"errmsg":"api freq out of limit"}', '{"errcode":93000,"errmsg":"invalid webhook url"}'];
		const rx = await startReceiver((n) => ({ status: 200, body: answers[n - 1] }));
		const channel = config({ kind: 'wecom', url: `${rx.base}/cgi-bin/webhook/send?key=k` });
		expect(await sendThrough(channel, [message], 'd1', opts())).toEqual({ ok: false, retryable: true, reason: 'errcode_45009' });
		expect(await sendThrough(channel, [message], 'd2', opts())).toEqual({ ok: false, retryable: false, reason: 'errcode_93000' });
	});
});

describe('DingTalk robot', () => {
	const SECRET = 'SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc';

	it('signs the URL as documented, and retries errcode 310000 to success', async () => {
		const rx = await startReceiver((n) => ({ status: 200, body: n === 1 ? '{"errcode":310000,"errmsg":"sign not match"}' : '{"errcode":0,"errmsg":"ok"}' }));
		const channel = config({ kind: 'dingtalk', url: `${rx.base}/robot/send?access_token=50cb6e954c89`, secret: SECRET, locale: 'zh-CN' });
		const before = Date.now();
		expect(await sendThrough(channel, [message], 'dlv-d', opts())).toEqual({ ok: false, retryable: true, reason: 'errcode_310000' });
		expect(await sendThrough(channel, [message, { ...message, title: 'Second' }], 'dlv-d', opts())).toEqual({ ok: true });

		expect(rx.received).toHaveLength(2);
		for (const r of rx.received) {
			expect(r).toMatchObject({ method: 'POST', path: '/robot/send' });
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			expect(r.query.get('access_token')).toBe('50cb6e954c89');
			const timestamp = r.query.get('timestamp') ?? '';
			expect(timestamp).toMatch(/^\d{13}$/);
			expect(Math.abs(Number(timestamp) - before)).toBeLessThan(60_000);
			const rawSign = /(?:^|&)sign=([^&]*)/.exec(r.rawQuery)?.[1];
			expect(rawSign).toBe(await python(PY_DINGTALK, SECRET, timestamp));
		}
		const [first, second] = rx.received.map(json);
		expect(first).toEqual({ msgtype: 'markdown', markdown: { title: '[重要] Ticket T-12 breached', text: expect.stringContaining('#### Ticket T-12 breached\n\n**重要**\n\nLift 3 down for 30 min') } });
		expect(second.markdown.title).toBe('[重要] 2 条通知');
	});
});

describe('Feishu robot', () => {
	const SECRET = 'nIMtb7r3N9pkXyXdtAbx6e';

	it('signs the body as documented and sends a post; code 19021 retried, the old StatusCode answer read', async () => {
		const answers = ['{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time","data":{}}', '{"StatusCode":0,"StatusMessage":"success"}', '{"code":0,"msg":"success","data":{}}'];
		const rx = await startReceiver((n) => ({ status: 200, body: answers[n - 1] }));
		const channel = config({ kind: 'feishu', url: `${rx.base}/open-apis/bot/v2/hook/5e3d587e-test`, secret: SECRET, locale: 'en' });
		expect(await sendThrough(channel, [message], 'dlv-f', opts())).toEqual({ ok: false, retryable: true, reason: 'code_19021' });
		expect(await sendThrough(channel, [message], 'dlv-f', opts())).toEqual({ ok: true });
		expect(await sendThrough(channel, [message], 'dlv-f2', opts())).toEqual({ ok: true });

		for (const r of rx.received) {
			expect(r).toMatchObject({ method: 'POST', path: '/open-apis/bot/v2/hook/5e3d587e-test', rawQuery: '' });
			expect(r.headers['content-type']).toMatch(/^application\/json/);
			const body = json(r);
			expect(body.timestamp).toMatch(/^\d{10}$/);
			expect(Math.abs(Number(body.timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
			expect(body.sign).toBe(await python(PY_FEISHU, SECRET, body.timestamp));
			expect(body.msg_type).toBe('post');
			expect(body.content.post.zh_cn.title).toBe('Ticket T-12 breached');
			expect(body.content.post.zh_cn.content).toContainEqual([{ tag: 'text', text: 'Lift 3 down for 30 min' }]);
			expect(body.content.post.zh_cn.content).toContainEqual([{ tag: 'a', text: 'Open in Shouwang', href: 'https://sw.example.cn/tickets/T-12' }]);
		}
	});

	it('does not retry a missing keyword (19024)', async () => {
		const rx = await startReceiver(() => ({ status: 200, body: '{"code":19024,"msg":"Key Words Not Found"}' }));
		const channel = config({ kind: 'feishu', url: `${rx.base}/open-apis/bot/v2/hook/x`, secret: SECRET });
		expect(await sendThrough(channel, [message], 'd', opts())).toEqual({ ok: false, retryable: false, reason: 'code_19024' });
	});
});

describe('e-mail', () => {
	type Mail = { from: string; to: string[]; data: string };

	async function startSmtp(options: { requireAuth?: boolean } = {}): Promise<{ port: number; mails: Mail[] }> {
		const mails: Mail[] = [];
		const server = new SMTPServer({
			secure: false,
			hideSTARTTLS: true,
			authOptional: !options.requireAuth,
			allowInsecureAuth: true,
			onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					const from = session.envelope.mailFrom;
					mails.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
		return { port: (server.server.address() as net.AddressInfo).port, mails };
	}

	it('reaches the SMTP server with the subject, the recipients and the delivery header', async () => {
		const smtp = await startSmtp();
		const channel = config({ kind: 'email', host: '127.0.0.1', port: smtp.port, secure: false, from: 'alerts@example.cn', to: ['duty@example.cn', 'chief@example.cn'], locale: 'en' });
		expect(await sendThrough(channel, [message], 'dlv-mail-1', opts())).toEqual({ ok: true });
		expect(smtp.mails).toHaveLength(1);
		const [mail] = smtp.mails;
		expect(mail.from).toBe('alerts@example.cn');
		expect(mail.to).toEqual(['duty@example.cn', 'chief@example.cn']);
		const head = mail.data.split('\r\n\r\n')[0];
		expect(head).toMatch(/^Subject: Ticket T-12 breached$/m);
		expect(head).toMatch(/^X-Shouwang-Delivery: dlv-mail-1$/m);
		expect(head).toMatch(/^Message-ID: <dlv-mail-1\.shouwang@example\.cn>$/m);
		expect(mail.data).toContain('Lift 3 down for 30 min');
	});

	it('does not retry a refused login; gives timeout when the server never greets', async () => {
		const smtp = await startSmtp({ requireAuth: true });
		const withLogin = config({ kind: 'email', host: '127.0.0.1', port: smtp.port, secure: false, user: 'u', password: 'wrong', from: 'a@example.cn', to: ['b@example.cn'] });
		expect(await sendThrough(withLogin, [message], 'd', opts())).toEqual({ ok: false, retryable: false, reason: 'smtp_auth' });

		const sockets = new Set<net.Socket>();
		const silent = net.createServer((socket) => sockets.add(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		closers.push(() => new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			silent.close(() => resolve());
		}));
		const mute = config({ kind: 'email', host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, secure: false, from: 'a@example.cn', to: ['b@example.cn'] });
		expect(await sendThrough(mute, [message], 'd', { now: new Date(), timeoutMs: 300 })).toEqual({ ok: false, retryable: true, reason: 'timeout' });
	});
});
