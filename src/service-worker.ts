/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * The guard's page offline. Registered by the guard page with scope `/guard`, so it controls the
 * guard's pages only: the console and the wall are never its clients and always go to the
 * network. For its pages it keeps the built app (scripts, styles, the QR decoder's wasm) and the
 * last good `/guard` page, and serves that page when the network fails. The API is left to the
 * network: the page keeps its snapshot and outbox in IndexedDB itself, and a POST is never cached.
 */

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `guard-assets-${version}`;
/** One entry, `/guard`, replaced by each good answer. */
const PAGES = 'guard-pages';
const PAGE = '/guard';
const SHELL = [...build, ...files.filter((f) => f === '/manifest.webmanifest' || f === '/favicon.svg' || f.startsWith('/icons/'))];
const SHELL_SET = new Set(SHELL);
/** A navigation the network has not answered in this long is served from the cache (a dead link hangs, it does not fail). */
const NAVIGATION_TIMEOUT_MS = 5000;

const isGuardPage = (path: string) => path === PAGE || path.startsWith(`${PAGE}/`);

/** Fetch the guard page and keep it when the server gives it (a signed-out visitor gets a redirect, which is not kept). */
async function keepPage(response: Response): Promise<void> {
	const cache = await caches.open(PAGES);
	if (response.status === 200 && response.type === 'basic' && (response.headers.get('content-type') ?? '').includes('text/html')) {
		await cache.put(PAGE, response);
	} else if (response.type === 'opaqueredirect' || response.redirected || response.status === 401 || response.status === 403) {
		// Signed out, or no longer a guard: the page kept for them must not outlive their session.
		await cache.delete(PAGE);
	}
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			await (await caches.open(ASSETS)).addAll(SHELL);
			// The page of this build, so a reload offline finds scripts that match it.
			const page = await fetch(PAGE, { credentials: 'same-origin', redirect: 'manual' }).catch(() => null);
			if (page) await keepPage(page);
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key.startsWith('guard-assets-') && key !== ASSETS) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

/** `fetch`, given up after `ms` (a plain timer: the request is aborted with it). */
async function fetchWithin(request: Request, ms: number): Promise<Response> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), ms);
	try {
		return await fetch(request, { signal: abort.signal });
	} finally {
		clearTimeout(timer);
	}
}

async function navigate(request: Request): Promise<Response> {
	const path = new URL(request.url).pathname;
	try {
		const response = await fetchWithin(request, NAVIGATION_TIMEOUT_MS);
		if (path === PAGE) await keepPage(response.clone());
		if (response.status < 500) return response;
		return (await caches.match(PAGE, { cacheName: PAGES })) ?? response;
	} catch {
		// The tag's URL (`/guard/c/…`) gets the same page: it reads the checkpoint from the address.
		const kept = await caches.match(PAGE, { cacheName: PAGES });
		return kept ?? new Response('Offline, and this page was never opened online on this phone.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (request.mode === 'navigate' && isGuardPage(url.pathname)) {
		event.respondWith(navigate(request));
		return;
	}
	if (SHELL_SET.has(url.pathname)) {
		event.respondWith((async () => (await caches.match(url.pathname, { cacheName: ASSETS })) ?? fetch(request))());
	}
});
