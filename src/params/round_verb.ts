import type { ParamMatcher } from '@sveltejs/kit';
import { isRoundVerb, type RoundVerb } from '$lib/domain/patrol/round-verbs';

/** Only the round API's known verbs route to its handler; anything else is a 404. */
export const match = ((param: string): param is RoundVerb => isRoundVerb(param)) satisfies ParamMatcher;
