import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { siteRoom } from '$lib/realtime/contract';
import { SiteWatchers } from './site-watchers';

const name = (id: string) => ({ 'zh-CN': id, 'zh-TW': id, en: id });

describe('SiteWatchers', () => {
	const closers: (() => unknown)[] = [];
	afterEach(async () => {
		for (const close of closers.splice(0).reverse()) await close();
	});

	/** A real Socket.IO server whose clients join a site's room on `join`, on a throwaway port. */
	async function start() {
		let now = 1_000;
		const server = http.createServer();
		const io = new Server(server);
		io.on('connection', (socket) => socket.on('join', (site: string, ack: () => void) => void Promise.resolve(socket.join(siteRoom(site))).then(ack)));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		closers.push(() => new Promise((r) => io.close(() => r(undefined))));
		const watchers = new SiteWatchers(io, () => now);
		closers.push(() => watchers.stop());
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const page = async (site: string): Promise<Socket> => {
			const socket = connect(url, { transports: ['websocket'], forceNew: true });
			closers.push(() => socket.close());
			await socket.emitWithAck('join', site);
			return socket;
		};
		return { watchers, page, setNow: (t: number) => (now = t) };
	}

	const summary = (w: SiteWatchers) => w.list().map((s) => `${s.id} ${s.consoles} ${s.unwatchedSince ? Date.parse(s.unwatchedSince) : '-'}`);

	it('counts the pages in each site room, and says since when a site has had none', async () => {
		const { watchers, page, setNow } = await start();
		watchers.track([{ id: 'east', name: name('east') }, { id: 'west', name: name('west') }]);
		expect(summary(watchers)).toEqual(['east 0 1000', 'west 0 1000']);

		setNow(2_000);
		const first = await page('east');
		const second = await page('east');
		expect(summary(watchers)).toEqual(['east 2 -', 'west 0 1000']);

		setNow(3_000);
		first.disconnect();
		await waitUntil(() => watchers.list()[0].consoles === 1);
		expect(summary(watchers)).toEqual(['east 1 -', 'west 0 1000']);

		setNow(4_000);
		second.disconnect();
		await waitUntil(() => watchers.list()[0].consoles === 0);
		expect(summary(watchers)).toEqual(['east 0 4000', 'west 0 1000']);
	});

	it('takes a site watched already when it becomes known, and keeps its time when known again', async () => {
		const { watchers, page, setNow } = await start();
		await page('north');
		watchers.track([{ id: 'north', name: name('north') }, { id: 'south', name: name('south') }]);
		setNow(9_000);
		watchers.track([{ id: 'south', name: { ...name('south'), en: 'South gate' } }]);
		expect(summary(watchers)).toEqual(['north 1 -', 'south 0 1000']);
		expect(watchers.list()[1].name.en).toBe('South gate');
	});
});

async function waitUntil(ok: () => boolean, ms = 5_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!ok()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
}
