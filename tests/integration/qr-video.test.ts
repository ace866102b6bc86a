import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fixtures/app';
import { decodeQrCodes } from '../fixtures/qr-decoder';
import { readY4mFirstFrame, writeQrY4m } from '../fixtures/qr-video';

// The fake camera a later end-to-end test feeds Chromium: what it shows must be a QR code the
// guard page's decoder (zxing-wasm) reads back to the text it was made from.
describe('QR code video for a fake camera', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await makeTempDir('shouwang-qr-video-');
	});
	afterAll(async () => {
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	it('writes a 640×480, 10 fps, 20-frame 4:2:0 Y4M whose first frame decodes to the text', async () => {
		const file = path.join(dir, 'tag.y4m');
		const text = 'http://127.0.0.1:3000/guard/c/estate-1/CP-07';
		await writeQrY4m(file, text);
		const bytes = await readFile(file);
		const header = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n';
		expect(bytes.subarray(0, header.length).toString('ascii')).toBe(header);
		const frame = 'FRAME\n'.length + 640 * 480 * 1.5;
		expect(bytes.length).toBe(header.length + 20 * frame);
		// Chroma is neutral grey: the last bytes of the last frame are its V plane.
		expect([...bytes.subarray(bytes.length - 16)]).toEqual(Array(16).fill(128));

		const image = await readY4mFirstFrame(file);
		expect([image.width, image.height]).toEqual([640, 480]);
		expect(await decodeQrCodes(image)).toEqual([text]);
	});

	it('holds other sizes and texts, and a blank frame decodes to nothing', async () => {
		const file = path.join(dir, 'small.y4m');
		await writeQrY4m(file, '巡更点 CP-1', { width: 320, height: 240, frames: 2 });
		expect(await decodeQrCodes(await readY4mFirstFrame(file))).toEqual(['巡更点 CP-1']);
		const blank = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
		expect(await decodeQrCodes(blank)).toEqual([]);
	});

	it('refuses a frame size 4:2:0 cannot hold', async () => {
		await expect(writeQrY4m(path.join(dir, 'odd.y4m'), 'x', { width: 641 })).rejects.toThrow(/even/);
	});
});
