/**
 * Web NFC where the browser has it (Chrome on Android): reads a checkpoint tag's NDEF URL
 * record. Chrome allows `scan()` only from a user gesture, so the page starts it from a button.
 */

/** The parts of Web NFC used here (not in TypeScript's DOM library). */
interface NdefRecord {
	recordType: string;
	encoding?: string | null;
	data?: DataView | null;
}
interface NdefReadingEvent extends Event {
	message: { records: NdefRecord[] };
}
interface NdefReaderLike extends EventTarget {
	scan(options?: { signal?: AbortSignal }): Promise<void>;
}
type NdefReaderClass = new () => NdefReaderLike;

export const hasWebNfc = (): boolean => typeof window !== 'undefined' && 'NDEFReader' in window;

/** The URLs a message's records hold: `url` records, and text records that are an absolute URL. */
export function listNdefUrls(records: readonly NdefRecord[]): string[] {
	const urls: string[] = [];
	for (const r of records) {
		if (!r.data || (r.recordType !== 'url' && r.recordType !== 'absolute-url' && r.recordType !== 'text')) continue;
		const text = new TextDecoder(r.encoding ?? 'utf-8').decode(r.data).trim();
		if (r.recordType === 'text' && !/^https?:\/\//i.test(text)) continue;
		urls.push(text);
	}
	return urls;
}

/**
 * Start reading tags; `onUrl` gets each URL read, `onError` a failure to start or to read.
 * Resolves once reading has started (or failed to); the signal stops it.
 */
export async function startNfc(onUrl: (url: string) => void, onError: (reason: 'denied' | 'unavailable' | 'unreadable') => void, signal: AbortSignal): Promise<void> {
	const Reader = (window as unknown as { NDEFReader?: NdefReaderClass }).NDEFReader;
	if (!Reader) return onError('unavailable');
	const reader = new Reader();
	reader.addEventListener('reading', (e) => {
		for (const url of listNdefUrls((e as NdefReadingEvent).message.records)) onUrl(url);
	}, { signal });
	reader.addEventListener('readingerror', () => onError('unreadable'), { signal });
	try {
		await reader.scan({ signal });
	} catch (err) {
		if ((err as Error)?.name !== 'AbortError') onError((err as Error)?.name === 'NotAllowedError' ? 'denied' : 'unavailable');
	}
}
