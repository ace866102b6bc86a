import { describe, expect, it } from 'vitest';
import { hashDeviceSecret, newDeviceSecret, verifyDeviceSecret } from './mosquitto-hash';

// Written by Mosquitto 2.0.11's own `mosquitto_passwd -b pw alice secret-password`.
const FROM_MOSQUITTO = '$7$101$XDrj+zM09IA9w8/y$eRMy+W3NfNcOqopLSC0+D7+od9Cw9akFAaSYyOqT+PlnmRZRsOGprwQ82yl7GP/tiQIkAiFVAFiG5L2LMrW6Jw==';

describe('device secrets in Mosquitto\'s hash format', () => {
	it('verifies a hash Mosquitto wrote', () => {
		expect(verifyDeviceSecret(FROM_MOSQUITTO, 'secret-password')).toBe(true);
		expect(verifyDeviceSecret(FROM_MOSQUITTO, 'secret-passwore')).toBe(false);
	});

	it('writes hashes in the same format, salted', () => {
		const secret = newDeviceSecret();
		const a = hashDeviceSecret(secret);
		expect(a).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
		expect(hashDeviceSecret(secret)).not.toBe(a);
		expect(verifyDeviceSecret(a, secret)).toBe(true);
		expect(verifyDeviceSecret(a, '')).toBe(false);
	});

	it('refuses malformed stored hashes instead of throwing', () => {
		expect(verifyDeviceSecret('plain', 'plain')).toBe(false);
		expect(verifyDeviceSecret('$6$abc$def', 'x')).toBe(false);
	});
});
