import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
// Served from our own origin (and kept by the service worker): the library's default loads it from a CDN, which a guard in a basement cannot reach.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let prepared = false;

/** Load the decoder (once) from our own origin; resolves when it can read. */
export async function prepareQrReader(): Promise<void> {
	if (prepared) return;
	await prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) }, fireImmediately: true });
	prepared = true;
}

/** The texts of the QR codes in one video frame (usually none or one). */
export async function readQrCodes(frame: ImageData): Promise<string[]> {
	await prepareQrReader();
	const found = await readBarcodes(frame, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
	return found.filter((r) => r.isValid && r.text).map((r) => r.text);
}
