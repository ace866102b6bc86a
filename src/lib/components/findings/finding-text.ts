import type { FindingCategory } from '$lib/domain/guard/phone-input';
import { m } from '$lib/paraglide/messages.js';

/** A finding's category as the console (and the guard's phone) names it. */
export const findingCategoryNames: Record<FindingCategory, () => string> = {
	damage: m.finding_category_damage,
	leak: m.finding_category_leak,
	lighting: m.finding_category_lighting,
	obstruction: m.finding_category_obstruction,
	hazard: m.finding_category_hazard,
	hygiene: m.finding_category_hygiene,
	security: m.finding_category_security,
	other: m.finding_category_other
};

/** A category by its name, read loosely (an event from before a category was added shows its code). */
export const describeFindingCategory = (category: string): string =>
	Object.hasOwn(findingCategoryNames, category) ? findingCategoryNames[category as FindingCategory]() : category;

/** Where a photo of a site is served. */
export const photoUrl = (site: string, hash: string) => `/api/sites/${encodeURIComponent(site)}/photos/${hash}`;
