import type { Socket } from 'node:net';
import { MAX_PAYLOAD_BYTES } from '$lib/domain/device/message';

/**
 * The largest MQTT packet a broker of ours takes, header included: the contract's 64 KiB
 * payload plus 1 KiB for everything around it. The longest topic of the contract
 * (`sites/{64}/devices/{64}/receipts`) is 152 bytes with its 2-byte length, the fixed header
 * at most 5 and the packet id 2; the rest leaves room for MQTT 5 properties a client library
 * may add. No valid message comes near it, and a payload just over 64 KiB still gets through
 * to be dead-lettered with its reason; anything bigger is cut at the broker (connection
 * closed) before it is buffered. Both brokers use it: Mosquitto as `max_packet_size` in the
 * exported config, the embedded one through `limitPacketSize`.
 */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;

/**
 * Follows MQTT framing over a byte stream (a type byte, a 1–4 byte remaining length, then that
 * many bytes) and tells when a packet declares itself bigger than `max` bytes in all, as soon
 * as its length is read, before its body arrives.
 */
export class PacketFraming {
	#state: 'type' | 'length' | 'body' = 'type';
	#length = 0;
	#lengthBytes = 0;
	#left = 0;

	constructor(private readonly max: number) {}

	/** The next bytes of the stream; false once a packet is too big or its length is malformed. */
	feed(chunk: Uint8Array): boolean {
		let i = 0;
		while (i < chunk.length) {
			if (this.#state === 'body') {
				const n = Math.min(this.#left, chunk.length - i);
				this.#left -= n;
				i += n;
				if (this.#left === 0) this.#state = 'type';
				continue;
			}
			const byte = chunk[i++];
			if (this.#state === 'type') {
				this.#state = 'length';
				this.#length = 0;
				this.#lengthBytes = 0;
				continue;
			}
			this.#length += (byte & 0x7f) * 128 ** this.#lengthBytes++;
			if (byte & 0x80) {
				// A fifth length byte is malformed (MQTT 3.1.1 §2.2.3).
				if (this.#lengthBytes === 4) return false;
				continue;
			}
			if (1 + this.#lengthBytes + this.#length > this.max) return false;
			this.#left = this.#length;
			this.#state = this.#left > 0 ? 'body' : 'type';
		}
		return true;
	}
}

/**
 * Close a broker connection whose next packet is bigger than `max` bytes, as Mosquitto's
 * `max_packet_size` does, so no client (signed in or not) can make the broker buffer a huge
 * packet. It watches the bytes the broker itself reads: a `data` listener next to the broker's
 * `readable` one sees each chunk as `read()` returns it and never takes the stream out of
 * paused mode (Node's stream docs: "'readable' takes precedence"). Attach after the broker.
 */
export function limitPacketSize(socket: Socket, max: number, onTooBig: () => void): void {
	const framing = new PacketFraming(max);
	const watch = (chunk: Buffer) => {
		if (framing.feed(chunk)) return;
		socket.off('data', watch);
		onTooBig();
		socket.destroy();
	};
	socket.on('data', watch);
}
