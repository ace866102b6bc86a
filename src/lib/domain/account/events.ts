import { z } from 'zod';

/**
 * Who signed in and what administrators did to accounts and tokens: audit facts in the `system`
 * stream. `address` is the client's address as the server saw it.
 */
const address = z.string().nullable().optional();
const userAgent = z.string().nullable().optional();

export const ACCOUNT_EVENTS = {
	UserSignedIn: z.object({ address, userAgent }),
	UserSignedOut: z.object({ address, userAgent }),
	/** One per account's first failure in a window, then a summary (`count`, `refused`, `since`). */
	SignInFailed: z.object({
		username: z.string().nullable().optional(),
		address,
		userAgent,
		count: z.number(),
		refused: z.number().optional(),
		since: z.string().optional()
	}),
	UserCreated: z.object({ user: z.string(), role: z.string(), sites: z.array(z.string()).optional(), address }),
	/** The fields changed (never the password itself). */
	UserUpdated: z.looseObject({ user: z.string(), passwordChanged: z.boolean(), address }),
	UserSessionsEnded: z.object({ user: z.string(), address }),
	ApiTokenCreated: z.object({
		token: z.string(),
		name: z.string(),
		role: z.string(),
		sites: z.array(z.string()),
		expiresAt: z.string().nullable(),
		address
	}),
	ApiTokenRevoked: z.object({ token: z.string(), address })
} as const;
