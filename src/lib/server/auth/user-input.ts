import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { ROLES } from '$lib/domain/access';
import { PASSWORD_MIN_LENGTH } from './password';

const displayName = z
	.string()
	.trim()
	.min(1)
	.max(100)
	.refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** The guard of a site's bundle a guard account walks as. */
const guardLink = z.strictObject({ site: z.string().regex(ID_PATTERN), guard: z.string().regex(ID_PATTERN) });

/** A new user, as an admin submits it. */
export const newUserSchema = z.object({
	username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'must be 3–64 letters, digits or _ . -'),
	displayName,
	role: z.enum(ROLES),
	password: z.string().min(PASSWORD_MIN_LENGTH).max(1024),
	sites: z.array(z.string().regex(ID_PATTERN)).max(1000).default([]),
	guard: guardLink.nullable().optional()
});

/** A change to a user; anything left out stays. */
export const userChangeSchema = z
	.object({
		displayName,
		role: z.enum(ROLES),
		password: z.string().min(PASSWORD_MIN_LENGTH).max(1024),
		sites: z.array(z.string().regex(ID_PATTERN)).max(1000),
		disabled: z.boolean(),
		guard: guardLink.nullable()
	})
	.partial()
	.strict();
