import type { Notification } from '$lib/domain/notification/model';
import type { NotificationSite } from '$lib/domain/notification/notification-text';
import { isUnread, mayHaveOlder, mergeNotifications, olderPageCursor, type NotificationsPage } from './notification-list';

/** Notifications fetched per page. */
export const PAGE_SIZE = 20;
const FETCH_TIMEOUT_MS = 10_000;
/** How often the bell reads the notification centre while its page is shown. */
const POLL_MS = 5000;

/** Why an acknowledgement did not go through: not the caller's, or no answer. */
export type AckProblem = 'forbidden' | 'failed';

/**
 * One person's notification centre in the browser: their notifications (`GET /api/notifications`,
 * newest first, older pages on demand), the unread count, read again every few seconds, whose
 * `notification:changed` packets put raised, repeated and acknowledged ones in place by id.
 * Every (re)connect fetches the first page again, so a packet missed offline loses nothing.
 */
export class NotificationCentre {
	items = $state.raw<Notification[]>([]);
	sites = $state.raw<Record<string, NotificationSite>>({});
	unread = $state(0);
	/** When the person last looked, as far as this page knows (the newest they were shown). */
	seenAt = $state<string | null>(null);
	hasOlder = $state(false);
	/** The first page has come at least once. */
	loaded = $state(false);
	/** The last fetch failed. */
	failed = $state(false);
	loadingOlder = $state(false);
	/** The panel is open: what arrives is seen at once. */
	watching = false;

	#refreshing: Promise<void> | null = null;
	#again = false;

	/**
	 * Fetch the first page, then again every few seconds while the page is shown and whenever it
	 * comes back into view; returns the cleanup. The bell does not open a socket of its own: a
	 * second socket beside a console's changed how that console noticed a dropped network (it
	 * stayed "stale" instead of reconnecting), so until the bell shares the page's socket it reads.
	 */
	start(): () => void {
		void this.refresh();
		const poll = setInterval(() => {
			if (document.visibilityState === 'visible') void this.refresh();
		}, POLL_MS);
		const onVisible = () => {
			if (document.visibilityState === 'visible') void this.refresh();
		};
		document.addEventListener('visibilitychange', onVisible);
		return () => {
			clearInterval(poll);
			document.removeEventListener('visibilitychange', onVisible);
		};
	}

	/** Put one notification in place (from the socket or an acknowledgement's answer). */
	receive(n: Notification): void {
		const arrived = !this.items.some((i) => i.id === n.id);
		this.items = mergeNotifications(this.items, [n]);
		if (arrived && isUnread(n, this.seenAt)) {
			if (this.watching) void this.markSeen();
			else this.unread += 1;
		}
		// A site it has no name for yet: the first page brings the names of the sites it names.
		if (!this.sites[n.site]) void this.refresh();
	}

	/** Fetch the first page again; calls made while one is in flight make one more fetch after it, not one each. */
	refresh(): Promise<void> {
		if (this.#refreshing) {
			this.#again = true;
			return this.#refreshing;
		}
		this.#refreshing = (async () => {
			do {
				this.#again = false;
				const page = await fetchPage(`limit=${PAGE_SIZE}`);
				this.failed = page === null;
				if (!page) return;
				const firstLoad = !this.loaded;
				this.items = mergeNotifications(this.items, page.notifications);
				this.sites = { ...this.sites, ...page.sites };
				this.unread = this.watching ? 0 : page.unread;
				this.seenAt = page.seenAt;
				if (firstLoad) this.hasOlder = page.notifications.length >= PAGE_SIZE;
				this.loaded = true;
				if (this.watching && page.unread > 0) void this.markSeen();
			} while (this.#again);
		})().finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	/** The next older page, merged in. */
	async loadOlder(): Promise<void> {
		const before = olderPageCursor(this.items);
		if (!before || this.loadingOlder) return;
		this.loadingOlder = true;
		const page = await fetchPage(`limit=${PAGE_SIZE}&before=${encodeURIComponent(before)}`);
		this.loadingOlder = false;
		this.failed = page === null;
		if (!page) return;
		this.hasOlder = mayHaveOlder(page.notifications, PAGE_SIZE, this.items);
		this.items = mergeNotifications(this.items, page.notifications);
		this.sites = { ...this.sites, ...page.sites };
	}

	/** The person looked: the count starts again from here (`POST /api/notifications/seen`). */
	async markSeen(): Promise<void> {
		this.unread = 0;
		const newest = this.items[0]?.at ?? null;
		if (newest && isUnread({ at: newest }, this.seenAt)) this.seenAt = newest;
		await fetch('/api/notifications/seen', { method: 'POST', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch(() => undefined);
	}

	/** Acknowledge one: its repeats stop. Null when done (or done already by another recipient). */
	async acknowledge(id: string): Promise<AckProblem | null> {
		const r = await fetch(`/api/notifications/${encodeURIComponent(id)}/ack`, { method: 'POST', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }).catch(() => null);
		if (r?.ok) {
			const body = (await r.json().catch(() => null)) as { notification?: Notification } | null;
			if (body?.notification) this.receive(body.notification);
			return null;
		}
		// Acknowledged meanwhile (by another recipient): its state comes with the first page.
		if (r?.status === 409) {
			await this.refresh();
			return null;
		}
		return r?.status === 403 || r?.status === 404 ? 'forbidden' : 'failed';
	}
}

async function fetchPage(query: string): Promise<NotificationsPage | null> {
	const r = await fetch(`/api/notifications?${query}`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } }).catch(() => null);
	if (!r?.ok) return null;
	return (await r.json().catch(() => null)) as NotificationsPage | null;
}
