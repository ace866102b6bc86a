import { onMount } from 'svelte';
import { LiveSession, type LiveObserver } from './session.svelte';
import type { SiteSnapshot } from './contract';

/**
 * The console's and the wall's start-up, in a component's initialisation: the session from the
 * page's snapshots, connected (socket and clock) while the page is mounted, closed when it is
 * destroyed; never connected when the page says the user may not watch.
 */
export function mountLiveSession(data: { forbidden: boolean; sites: SiteSnapshot[] }, observer?: LiveObserver): LiveSession {
	const live = new LiveSession(data.sites, observer);
	onMount(() => (data.forbidden ? undefined : live.connect()));
	return live;
}
