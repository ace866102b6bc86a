import { describe, expect, it } from 'vitest';
import { MAX_PACKET_BYTES, PacketFraming } from './packet-size';

/** A packet of `total` bytes: type byte, remaining length, body. */
function packet(total: number): Buffer {
	const lengthBytes = (n: number) => (n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : 4);
	let body = total - 2;
	while (1 + lengthBytes(body) + body > total) body--;
	const length: number[] = [];
	let n = body;
	do {
		length.push((n % 128) | (n >= 128 ? 0x80 : 0));
		n = Math.floor(n / 128);
	} while (n > 0);
	return Buffer.concat([Buffer.from([0x32, ...length]), Buffer.alloc(body, 0x61)]);
}

describe('MQTT packet framing', () => {
	it('leaves room for the largest valid message: a 64 KiB payload on the longest topic', () => {
		const topic = `sites/${'s'.repeat(64)}/devices/${'d'.repeat(64)}/receipts`;
		// type + 3 length bytes + topic length + topic + packet id + payload
		expect(1 + 3 + 2 + topic.length + 2 + 64 * 1024).toBeLessThan(MAX_PACKET_BYTES);
	});

	it('follows packets of every size across chunk boundaries and stops at the first too big', () => {
		const framing = new PacketFraming(1000);
		const before = [packet(2), packet(200), packet(1000), packet(130)];
		const stream = Buffer.concat([...before, packet(1001), packet(5)]);
		const tooBigAt = Buffer.concat(before).length;
		// One byte at a time: the verdict comes with the oversized packet's last length byte.
		let offset = 0;
		for (; offset < stream.length && framing.feed(stream.subarray(offset, offset + 1)); offset++);
		expect(offset).toBe(tooBigAt + 2);
	});

	it('takes the packets a whole chunk at a time too', () => {
		const framing = new PacketFraming(MAX_PACKET_BYTES);
		expect(framing.feed(Buffer.concat([packet(10), packet(MAX_PACKET_BYTES), packet(4)]))).toBe(true);
		expect(framing.feed(packet(MAX_PACKET_BYTES + 1).subarray(0, 4))).toBe(false);
	});

	it('refuses a remaining length that declares 256 MB or runs past four bytes', () => {
		expect(new PacketFraming(MAX_PACKET_BYTES).feed(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]))).toBe(false);
		expect(new PacketFraming(Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
	});
});
