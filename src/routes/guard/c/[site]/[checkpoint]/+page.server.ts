import { loadGuardPage } from '$lib/server/domain/guard/guard-page';
import type { PageServerLoad } from './$types';

/** A checkpoint tag's URL opens the guard page itself; the page records the scan (from the URL) and moves to /guard. */
export const load: PageServerLoad = ({ locals }) => loadGuardPage(locals.runtime, locals.user);
