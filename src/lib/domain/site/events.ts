import { z } from 'zod';

/** A site's model changed: the bundle's fingerprint and size, never its content (that is in the site tables). */
export const SITE_EVENTS = {
	SiteImported: z.object({
		sha256: z.string(),
		replaced: z.boolean(),
		features: z.number(),
		devices: z.number(),
		guards: z.number(),
		places: z.number(),
		floorPlans: z.number()
	})
} as const;
