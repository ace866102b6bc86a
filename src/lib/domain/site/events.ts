import { z } from 'zod';

/**
 * A site's model changed. `sha256` is the key of the bundle as stored (`site_bundle`), so the
 * plan, devices, guards and places as of any seq can be read back; the event itself carries only
 * the facts a replay needs (the time zone) and the bundle's size. Events from before bundles were
 * stored have no `timeZone`, and their `sha256` fingerprinted the files (nothing to read back).
 */
export const SITE_EVENTS = {
	SiteImported: z.object({
		sha256: z.string(),
		timeZone: z.string().optional(),
		replaced: z.boolean(),
		features: z.number(),
		devices: z.number(),
		guards: z.number(),
		places: z.number(),
		floorPlans: z.number()
	})
} as const;
