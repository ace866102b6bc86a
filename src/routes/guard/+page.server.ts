import { loadGuardPage } from '$lib/server/domain/guard/guard-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => loadGuardPage(locals.runtime, locals.user);
