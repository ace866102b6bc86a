import { z } from 'zod';
import { organisationSchema } from './model';

/**
 * A site's organisation, in the site's stream (source: the admin who saved it). Each event holds
 * the whole document as saved, with its version (1 for the first, one more each save): the
 * projection keeps the latest, and a replay to any instant shows the organisation then.
 */
export const ORGANISATION_EVENTS = {
	OrganisationUpdated: z.object({
		version: z.number().int().min(1),
		organisation: organisationSchema
	})
} as const;

export type OrganisationEventType = keyof typeof ORGANISATION_EVENTS;
export type OrganisationUpdatedData = z.infer<(typeof ORGANISATION_EVENTS)['OrganisationUpdated']>;
