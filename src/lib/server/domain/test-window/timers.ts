import type { RunCommand } from '../../commands';
import type { DueItem } from '../../scheduler/due-items';
import { expireTest } from './commands';

/** The due-item kind of a test window's end. */
export const TEST_EXPIRY = 'test-expiry';
/** Site ids have no ':', so the first one after the kind ends the site. */
export const testExpiryKey = (site: string, windowId: string) => `${TEST_EXPIRY}:${site}:${windowId}`;

/** Fire a window's expiry: `expireTest` decides again under the site's lock (the window may have been ended or restarted). */
export const testExpiryTimer = (run: RunCommand) => (item: DueItem) => {
	const rest = item.key.slice(TEST_EXPIRY.length + 1);
	const cut = rest.indexOf(':');
	return expireTest(run, rest.slice(0, cut), rest.slice(cut + 1), item);
};
