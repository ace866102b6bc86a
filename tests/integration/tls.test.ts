import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, makeTempDir, startApp, type RunningApp } from '../fixtures/app';

// Phones need HTTPS for the guard page's service worker and camera: the host serves it itself
// when given a certificate, and its cookies are then Secure.
describe('HTTPS from the host', () => {
	let app: RunningApp;
	let certs: string;

	beforeAll(async () => {
		certs = await makeTempDir('shouwang-tls-');
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1',
			'-keyout', path.join(certs, 'key.pem'), '-out', path.join(certs, 'cert.pem')
		], { stdio: 'ignore' });
		// The certificate is this test's own: this worker trusts it (vitest isolates test files).
		process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
		app = await startApp({ https: true, env: { TLS_CERT_FILE: path.join(certs, 'cert.pem'), TLS_KEY_FILE: path.join(certs, 'key.pem') } });
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('answers over HTTPS, with Secure cookies, and not over plain HTTP', async () => {
		expect(app.baseUrl.startsWith('https://')).toBe(true);
		expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
		const signIn = await fetch(`${app.baseUrl}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: app.baseUrl },
			body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
		});
		expect(signIn.status).toBe(200);
		expect(signIn.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
		expect((await app.api('/api/sites')).status).toBe(200);
		await expect(fetch(`http://127.0.0.1:${app.port}/api/health`)).rejects.toThrow();
	});
});
