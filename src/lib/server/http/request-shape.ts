import { hasNul } from './nul';
import { isLoopbackHost, isLoopbackListener } from './hosts';

/** Longer paths are no request of ours; Node already caps the whole header block at 16 KiB. */
const MAX_PATH_LENGTH = 2048;

export interface ShapeRefusal {
	status: 400 | 414 | 421;
	message: string;
}

/**
 * The first look at a request, before anything decodes or routes it: a path that does not
 * decode (`%E0%A4%A`), a path or query holding NUL, an overlong path, or a `Host` this app
 * does not answer to. SvelteKit runs the hooks for an undecodable path outside its own error
 * handling, so such a path must be answered here and never reach code that decodes it.
 *
 * Host: with ORIGIN set, only its host; without it, on a loopback-only listener, only
 * loopback names (a DNS-rebinding page sends its own name). Elsewhere any Host is taken,
 * as the app cannot know its public names.
 */
export function refuseRequestShape(url: URL, host: string | null, config: { origin?: string; listenHost: string }): ShapeRefusal | null {
	if (url.pathname.length > MAX_PATH_LENGTH) return { status: 414, message: 'path too long' };
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return { status: 400, message: 'malformed percent-encoding in the path' };
	}
	if (hasNul(path)) return { status: 400, message: 'the path must not contain NUL characters' };
	for (const [key, value] of url.searchParams) {
		if (hasNul(key) || hasNul(value)) return { status: 400, message: `query parameter ${JSON.stringify(key.replaceAll('\u0000', ''))}: must not contain NUL characters` };
	}
	if (config.origin) {
		if (host?.toLowerCase() !== new URL(config.origin).host) return { status: 421, message: 'this server answers only to its ORIGIN' };
	} else if (isLoopbackListener(config.listenHost) && !isLoopbackHost(host)) {
		return { status: 421, message: 'this server listens on loopback and answers only to loopback names' };
	}
	return null;
}
