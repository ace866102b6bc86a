import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { readRawBody } from './raw-body';

const statusOf = (p: Promise<unknown>) => p.then(() => 'read', (err) => (isHttpError(err) ? err.status : err));

describe('readRawBody', () => {
	it('reads a body up to the limit, exactly the limit included', async () => {
		const bytes = new Uint8Array(10).fill(7);
		expect([...(await readRawBody(new Request('http://x/', { method: 'POST', body: bytes }), 10))]).toEqual([...bytes]);
		expect((await readRawBody(new Request('http://x/', { method: 'POST' }), 10)).length).toBe(0);
	});

	it('refuses a declared length past the limit before reading', async () => {
		let pulled = 0;
		// No chunk asked for before a read.
		const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(4)), c.close()) }, { highWaterMark: 0 });
		const request = new Request('http://x/', { method: 'POST', body, headers: { 'content-length': '11' }, duplex: 'half' } as RequestInit);
		expect(await statusOf(readRawBody(request, 10))).toBe(413);
		expect(pulled).toBe(0);
	});

	it('cuts a body without a length off as soon as it passes the limit', async () => {
		let sent = 0;
		// An endless body: it must stop pulling soon after the limit.
		const body = new ReadableStream({ pull: (c) => void ((sent += 4), c.enqueue(new Uint8Array(4))) });
		const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
		expect(await statusOf(readRawBody(request, 10))).toBe(413);
		expect(sent).toBeLessThan(40);
	});
});
