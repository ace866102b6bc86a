import { z } from 'zod';

/** What a sign-in form or API call must carry. */
export const credentialsSchema = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(1024)
});
