import type { PhoneItemAnswer } from '$lib/domain/guard/phone-input';
import { getRetryDelayMs, judgeAnswer } from '$lib/domain/guard/retry-schedule';
import {
	deleteOutboxItem,
	deleteRefusedItem,
	listOutbox,
	listRefused,
	putOutboxItem,
	refuseOutboxItem,
	type OutboxEntry,
	type OutboxItem,
	type OutboxKind,
	type RefusedItem
} from './phone-store';

const PATHS: Record<OutboxKind, string> = {
	scan: 'guard/scans',
	finding: 'guard/findings',
	panic: 'guard/panic',
	'check-in': 'guard/check-ins',
	accept: 'guard/accept'
};

/** A request that gets no answer in this long counts as a network failure (a dead link hangs, it does not fail). */
const ATTEMPT_TIMEOUT_MS = 12_000;
/** Answers kept for the page to show (a panic press's incident), newest last. */
const ANSWERS_KEPT = 20;

type Attempt = { status: number | null; answer: PhoneItemAnswer | null; error: string | null };

/** Panic presses go before everything else; then the order they were made in. */
const sendOrder = (a: OutboxItem, b: OutboxItem) => Number(b.kind === 'panic') - Number(a.kind === 'panic') || a.queued - b.queued;

/**
 * The phone's outbox: every scan, finding, panic press, check-in and accept is kept in
 * IndexedDB from the moment it is made until the server answers 201 (stored) or 200 (stored
 * before: a retry after a lost answer), then removed; a 400 moves it to the refused list with
 * the server's reasons, never to be retried. Sent in order on start, on the browser's `online`
 * event, after each new item, when the live socket comes back (`kick`), and on a timer that
 * backs off from 2 s to 30 s while the server cannot be reached. Each attempt carries its own
 * `sentAt`; `at` stays the time of the act.
 */
export class Outbox {
	// Raw: items are replaced whole, and go to IndexedDB as they are (a proxy cannot be cloned into it).
	/** Items not yet confirmed, in sending order. */
	waiting = $state.raw<OutboxItem[]>([]);
	refused = $state.raw<RefusedItem[]>([]);
	/** The server's answers to items stored from this page, by item id (a panic press's incident). */
	answers = $state.raw<Record<string, PhoneItemAnswer>>({});
	/** An attempt is under way. */
	sending = $state(false);
	/** When the timer tries again after a failure, ms; null when nothing waits for it. */
	retryAt = $state<number | null>(null);
	/** Loaded from IndexedDB (the page shows nothing of the outbox before). */
	ready = $state(false);

	#user: string;
	#onStored: () => void;
	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running = false;
	#wanted = false;
	#counter = 0;

	/** `onStored`: after items were confirmed (the page re-reads its snapshot: the server's view of them). */
	constructor(user: string, onStored: () => void = () => {}) {
		this.#user = user;
		this.#onStored = onStored;
	}

	/** Load what an earlier visit left, start sending, and listen for the network's return; returns the cleanup. */
	start(): () => void {
		const online = () => {
			this.#failures = 0;
			this.kick();
		};
		window.addEventListener('online', online);
		void (async () => {
			const [waiting, refused] = await Promise.all([listOutbox(this.#user), listRefused(this.#user)]);
			this.waiting = [...waiting, ...this.waiting.filter((w) => !waiting.some((i) => i.id === w.id))].sort(sendOrder);
			this.refused = refused;
			this.ready = true;
			this.kick();
		})();
		return () => {
			window.removeEventListener('online', online);
			clearTimeout(this.#timer);
		};
	}

	/** Keep an item made now on the phone and try to send it at once; resolves once it is in IndexedDB. */
	async add(site: string, entry: OutboxEntry): Promise<OutboxItem> {
		const item = { ...entry, id: entry.body.id, site, user: this.#user, queued: Date.now() * 1000 + (this.#counter++ % 1000), attempts: 0, lastError: null, lastAttemptAt: null } as OutboxItem;
		await putOutboxItem(item);
		this.waiting = [...this.waiting, item].sort(sendOrder);
		this.kick();
		return item;
	}

	/** Try now (a new item, the socket back, the network back). */
	kick(): void {
		this.#wanted = true;
		if (!this.#running) void this.#run();
	}

	/** The guard read a refusal and put it away. */
	async dismiss(id: string): Promise<void> {
		await deleteRefusedItem(id);
		this.refused = this.refused.filter((r) => r.id !== id);
	}

	async #run(): Promise<void> {
		this.#running = true;
		clearTimeout(this.#timer);
		this.retryAt = null;
		let answered = 0;
		try {
			while (this.#wanted) {
				this.#wanted = false;
				for (let item = this.waiting[0]; item; item = this.waiting[0]) {
					const sent = await this.#send(item);
					if (sent) answered += 1;
					else {
						this.#failures += 1;
						const delay = getRetryDelayMs(this.#failures);
						this.retryAt = Date.now() + delay;
						this.#timer = setTimeout(() => this.kick(), delay);
						return;
					}
					this.#failures = 0;
				}
			}
		} finally {
			this.#running = false;
			this.sending = false;
			if (answered > 0) this.#onStored();
		}
	}

	/** One attempt at one item; false when it must be tried again later. */
	async #send(item: OutboxItem): Promise<boolean> {
		this.sending = true;
		const attempt = await this.#attempt(item);
		const verdict = judgeAnswer(attempt.status);
		if (verdict === 'done') {
			await deleteOutboxItem(item.id);
			this.waiting = this.waiting.filter((w) => w.id !== item.id);
			if (attempt.answer) this.#remember(item.id, attempt.answer);
			return true;
		}
		if (verdict === 'refused') {
			const said = attempt.answer as { status?: string; reasons?: string[]; message?: string } | null;
			const reasons = said?.status === 'rejected' && said.reasons ? said.reasons : [said?.message ?? attempt.error ?? `HTTP ${attempt.status}`];
			const refused: RefusedItem = { ...item, reasons, refusedAt: new Date().toISOString() };
			await refuseOutboxItem(refused);
			this.waiting = this.waiting.filter((w) => w.id !== item.id);
			this.refused = [...this.refused, refused];
			return true;
		}
		const failed = { ...item, attempts: item.attempts + 1, lastError: attempt.error ?? `HTTP ${attempt.status}`, lastAttemptAt: new Date().toISOString() } as OutboxItem;
		await putOutboxItem(failed);
		this.waiting = this.waiting.map((w) => (w.id === item.id ? failed : w));
		return false;
	}

	async #attempt(item: OutboxItem): Promise<Attempt> {
		let body = item.body;
		if (item.kind === 'finding' && item.photo && !item.body.photo) {
			const upload = await this.#post(item.site, 'photos', item.photo, 'image/jpeg');
			if (upload.status !== 200 && upload.status !== 201) return upload;
			const hash = (upload.answer as unknown as { hash?: string } | null)?.hash;
			if (!hash) return { status: null, answer: null, error: 'photo: no hash in the answer' };
			// Kept, so a retry of the finding does not send the photo again.
			const withPhoto = { ...item, body: { ...item.body, photo: hash } } as OutboxItem;
			await putOutboxItem(withPhoto);
			body = withPhoto.body;
		}
		return this.#post(item.site, PATHS[item.kind], JSON.stringify({ ...body, sentAt: new Date().toISOString() }), 'application/json');
	}

	async #post(site: string, path: string, body: BodyInit, type: string): Promise<Attempt> {
		try {
			const r = await fetch(`/api/sites/${encodeURIComponent(site)}/${path}`, {
				method: 'POST',
				headers: { 'content-type': type },
				body,
				signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)
			});
			const answer = (await r.json().catch(() => null)) as PhoneItemAnswer | null;
			return { status: r.status, answer, error: r.ok ? null : `HTTP ${r.status}` };
		} catch {
			return { status: null, answer: null, error: 'network' };
		}
	}

	#remember(id: string, answer: PhoneItemAnswer): void {
		const kept = Object.entries(this.answers).slice(-(ANSWERS_KEPT - 1));
		this.answers = Object.fromEntries([...kept, [id, answer]]);
	}
}

/** A phone item's id: a UUID (outside a secure context, where `randomUUID` is missing, 122 random bits all the same). */
export function newItemId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
