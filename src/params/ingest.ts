import type { ParamMatcher } from '@sveltejs/kit';

/** The device message kinds accepted over HTTP. */
export const match = ((param: string): param is 'scans' | 'alarms' => param === 'scans' || param === 'alarms') satisfies ParamMatcher;
