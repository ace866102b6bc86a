import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Device secrets are stored in Mosquitto's own password-file format (`$7$`: PBKDF2-SHA512,
 * 12-byte salt, 64-byte key), so one stored hash serves the embedded broker, HTTP Basic and
 * the export for an external Mosquitto. The secrets are 192 random bits, so the iteration
 * count guards nothing a guess could reach; Mosquitto's default keeps its connects fast.
 */
const ITERATIONS = 101;
const FORMAT = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/=]{16})\$([A-Za-z0-9+/=]{88})$/;

export function hashDeviceSecret(secret: string): string {
	const salt = randomBytes(12);
	const key = pbkdf2Sync(secret, salt, ITERATIONS, 64, 'sha512');
	return `$7$${ITERATIONS}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyDeviceSecret(stored: string, secret: string): boolean {
	const parts = FORMAT.exec(stored);
	if (!parts) return false;
	const expected = Buffer.from(parts[3], 'base64');
	const key = pbkdf2Sync(secret, Buffer.from(parts[2], 'base64'), Number(parts[1]), expected.length, 'sha512');
	return timingSafeEqual(key, expected);
}

/** A new device secret: 24 random bytes, URL-safe, 32 characters. */
export function newDeviceSecret(): string {
	return randomBytes(24).toString('base64url');
}
