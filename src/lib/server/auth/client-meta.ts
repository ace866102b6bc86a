import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import type { RequestEvent } from '@sveltejs/kit';
import { SIGN_IN_FIELD_LIMITS } from '$lib/domain/access';

/** Where a request came from, as sessions and audit events record it. */
export interface ClientMeta {
	address: string;
	userAgent: string | null;
}

/** Cut a client-supplied string to `max` characters (by code point, so no half surrogate pair is left). */
const bound = (s: string, max: number) => (s.length <= max ? s : Array.from(s).slice(0, max).join(''));

/** The same meta with every field within `SIGN_IN_FIELD_LIMITS`: clients choose these strings. */
export function boundClientMeta(meta: ClientMeta): ClientMeta {
	return {
		address: bound(meta.address, SIGN_IN_FIELD_LIMITS.address),
		userAgent: meta.userAgent === null ? null : bound(meta.userAgent, SIGN_IN_FIELD_LIMITS.userAgent)
	};
}

/** A username cut to its bound, for throttle keys and audit events. */
export const boundUsername = (username: string) => bound(username, SIGN_IN_FIELD_LIMITS.username);

/**
 * The client's address and user agent, bounded. The address is adapter-node's: the socket's
 * peer, or with `ADDRESS_HEADER` the proxy's header (`XFF_DEPTH` entries from the right of
 * X-Forwarded-For). adapter-node throws when that header is absent or shorter than the depth:
 * then the request did not come through the configured proxies, and its socket peer is the
 * address it truly came from.
 */
export function clientMetaOf(event: Pick<RequestEvent, 'getClientAddress' | 'request' | 'platform'>): ClientMeta {
	let address: string | undefined;
	try {
		address = event.getClientAddress();
	} catch {
		address = (event.platform as { req?: IncomingMessage } | undefined)?.req?.socket.remoteAddress;
	}
	// A client that hung up before we asked has no address any more (Node answers undefined).
	address ||= 'unknown';
	return boundClientMeta({ address, userAgent: event.request.headers.get('user-agent') });
}

/**
 * The key an address is throttled by. One IPv6 host commonly holds a whole /64 (and can pick
 * any address in it), so IPv6 addresses are throttled by their /64; an IPv4-mapped IPv6 address
 * is its IPv4 address. Anything else (an odd proxy header) is its own key.
 */
export function addressKeyOf(address: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
	if (mapped) return mapped[1];
	const bare = address.split('%')[0];
	if (!isIPv6(bare)) return address;
	const [head, tail] = bare.split('::');
	const left = head ? head.split(':') : [];
	const right = tail === undefined ? [] : tail ? tail.split(':') : [];
	// An embedded IPv4 tail fills two groups.
	const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
	const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - rightGroups).fill('0'), ...right];
	return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
