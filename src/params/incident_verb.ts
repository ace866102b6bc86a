import type { ParamMatcher } from '@sveltejs/kit';
import { isIncidentVerb, type IncidentVerb } from '$lib/domain/incident/verbs';

/** Only the incident API's known verbs route to its handler; anything else is a 404. */
export const match = ((param: string): param is IncidentVerb => isIncidentVerb(param)) satisfies ParamMatcher;
