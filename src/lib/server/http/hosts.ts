import { isIP } from 'node:net';

/**
 * Host names and addresses that only this machine can use. They guard what a DNS-rebinding
 * page must not reach: a page on evil.example whose name is made to resolve to 127.0.0.1
 * still sends `Host: evil.example`, so only a loopback Host proves the browser meant us.
 */

/** An IP address (v4, v6 or v4-mapped v6) on the loopback interface. */
export function isLoopbackAddress(address: string | null | undefined): boolean {
	if (!address) return false;
	const a = address.replace(/^::ffff:/i, '');
	if (isIP(a) === 4) return a.startsWith('127.');
	return a === '::1';
}

/** A `Host` header (name and optional port) naming this machine's loopback interface. */
export function isLoopbackHost(host: string | null | undefined): boolean {
	if (!host) return false;
	const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
	return name.toLowerCase() === 'localhost' || isLoopbackAddress(name);
}

/** The listen address the host binds (`HOST`), as src/server.js chooses it. */
export function getListenHost(host: string | undefined, external: boolean): string {
	return host ?? (external ? '0.0.0.0' : '127.0.0.1');
}

/** Whether a listen address (`HOST`) accepts connections from this machine only. */
export function isLoopbackListener(listenHost: string): boolean {
	return listenHost.toLowerCase() === 'localhost' || isLoopbackAddress(listenHost);
}
