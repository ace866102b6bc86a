import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1, OWASP's recommendation). */
export function hashPassword(password: string): Promise<string> {
	return hash(password);
}

// Verified against for unknown users, so they take as long as a wrong password.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$UL1ZKDfOTWhu5VYrTkHhPw$deZsfdOd8LEFBZ/B4clvtbdC5/LpUR1ZrdRrE4FsRTs';

/** Verify; with no stored hash, spend the same time and say no. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
	try {
		const ok = await verify(storedHash ?? DUMMY_HASH, password);
		return storedHash !== null && ok;
	} catch {
		return false;
	}
}

export const PASSWORD_MIN_LENGTH = 10;
