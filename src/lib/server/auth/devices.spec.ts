import { describe, expect, it } from 'vitest';
import { checkDeviceCredential, type CredentialRow } from './devices';
import { hashDeviceSecret, verifyDeviceSecret } from './mosquitto-hash';

const FORMAT = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;
/** What a hash makes PBKDF2 do: iterations, salt and key length. */
const workOf = (hash: string) => {
	const [, iterations, salt, key] = FORMAT.exec(hash)!;
	return { iterations: Number(iterations), salt: Buffer.from(salt, 'base64').length, key: Buffer.from(key, 'base64').length };
};

describe('device sign-in costs the same whoever asks', () => {
	const secret = 'the-device-secret-0123456789abcd';
	const row: CredentialRow = { site: 's1', device: 'GW-1', secret_hash: hashDeviceSecret(secret), revoked: false };

	/** Sign in once, recording every hash verification it makes. */
	function signIn(r: CredentialRow | null, password: string) {
		const calls: string[] = [];
		const ok = checkDeviceCredential(r, password, (stored, given) => (calls.push(stored), verifyDeviceSecret(stored, given)));
		return { ok, calls };
	}

	it('verifies exactly one hash of the same parameters for an unknown username, a revoked credential, a wrong and a right password', () => {
		const cases = {
			right: signIn(row, secret),
			wrong: signIn(row, 'not-the-secret'),
			revoked: signIn({ ...row, revoked: true }, secret),
			unknown: signIn(null, secret)
		};
		expect(Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.ok]))).toEqual({ right: true, wrong: false, revoked: false, unknown: false });
		for (const [name, { calls }] of Object.entries(cases)) {
			expect(calls, name).toHaveLength(1);
			expect(workOf(calls[0]), name).toEqual(workOf(row.secret_hash));
		}
		// The unknown username's stand-in is not some real device's hash.
		expect(cases.unknown.calls[0]).not.toBe(row.secret_hash);
	});
});
