/** What a person may do to a round over the API: take it for a guard, or skip one of its checkpoints. */
export const ROUND_VERBS = ['claim', 'skip'] as const;
export type RoundVerb = (typeof ROUND_VERBS)[number];
export const isRoundVerb = (s: string): s is RoundVerb => (ROUND_VERBS as readonly string[]).includes(s);
