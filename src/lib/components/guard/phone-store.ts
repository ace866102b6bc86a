import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { GuardAcceptBody, GuardCheckInBody, GuardFindingBody, GuardPanicBody, GuardScanBody } from '$lib/domain/guard/phone-input';
import type { GuardSnapshot } from '$lib/domain/guard/snapshot';

/**
 * What the guard's phone keeps in IndexedDB: the outbox (items the server has not confirmed),
 * the items it refused (shown until the guard dismisses them), and the last snapshot of each
 * guard's page, so a reload without network still shows the round. Items carry the account
 * they were made under: another account signing in on the same phone never sends them.
 */

/** The body as made on the phone: `sentAt` is set by each attempt. */
type Made<B> = Omit<B, 'sentAt'>;

export type OutboxEntry =
	| { kind: 'scan'; body: Made<GuardScanBody> }
	| { kind: 'finding'; body: Made<GuardFindingBody>; photo: Blob | null }
	| { kind: 'panic'; body: Made<GuardPanicBody> }
	| { kind: 'check-in'; body: Made<GuardCheckInBody> }
	| { kind: 'accept'; body: Made<GuardAcceptBody> };

export type OutboxKind = OutboxEntry['kind'];

export type OutboxItem = OutboxEntry & {
	/** The item's id (the body's `id`). */
	id: string;
	site: string;
	/** The account the item was made under. */
	user: string;
	/** Order of making (ms and a counter): the outbox sends in this order, panic presses first. */
	queued: number;
	attempts: number;
	/** Why the last attempt failed (an HTTP status or `network`), null before any. */
	lastError: string | null;
	lastAttemptAt: string | null;
};

export type RefusedItem = OutboxItem & { reasons: string[]; refusedAt: string };

interface PhoneDb extends DBSchema {
	outbox: { key: string; value: OutboxItem; indexes: { byUser: string } };
	refused: { key: string; value: RefusedItem; indexes: { byUser: string } };
	snapshots: { key: string; value: { key: string; snapshot: GuardSnapshot; savedAt: string } };
}

const NAME = 'shouwang-guard';
let opened: Promise<IDBPDatabase<PhoneDb>> | undefined;

function db(): Promise<IDBPDatabase<PhoneDb>> {
	opened ??= openDB<PhoneDb>(NAME, 1, {
		upgrade(d) {
			d.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'user');
			d.createObjectStore('refused', { keyPath: 'id' }).createIndex('byUser', 'user');
			d.createObjectStore('snapshots', { keyPath: 'key' });
		}
	});
	return opened;
}

const byQueued = <T extends { queued: number }>(items: T[]) => items.sort((a, b) => a.queued - b.queued);

export async function listOutbox(user: string): Promise<OutboxItem[]> {
	return byQueued(await (await db()).getAllFromIndex('outbox', 'byUser', user));
}

export async function listRefused(user: string): Promise<RefusedItem[]> {
	return byQueued(await (await db()).getAllFromIndex('refused', 'byUser', user));
}

export async function putOutboxItem(item: OutboxItem): Promise<void> {
	await (await db()).put('outbox', item);
}

export async function deleteOutboxItem(id: string): Promise<void> {
	await (await db()).delete('outbox', id);
}

/** Move an item from the outbox to the refused list in one transaction. */
export async function refuseOutboxItem(item: RefusedItem): Promise<void> {
	const tx = (await db()).transaction(['outbox', 'refused'], 'readwrite');
	await Promise.all([tx.objectStore('outbox').delete(item.id), tx.objectStore('refused').put(item), tx.done]);
}

export async function deleteRefusedItem(id: string): Promise<void> {
	await (await db()).delete('refused', id);
}

const snapshotKey = (user: string, site: string) => `${user}/${site}`;

export async function saveSnapshot(user: string, snapshot: GuardSnapshot): Promise<void> {
	await (await db()).put('snapshots', { key: snapshotKey(user, snapshot.site.id), snapshot, savedAt: new Date().toISOString() });
}

export async function loadSnapshot(user: string, site: string): Promise<{ snapshot: GuardSnapshot; savedAt: string } | null> {
	return (await (await db()).get('snapshots', snapshotKey(user, site))) ?? null;
}
