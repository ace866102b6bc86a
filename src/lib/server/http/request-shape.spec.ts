import { describe, expect, it } from 'vitest';
import { refuseRequestShape } from './request-shape';

const loopback = { listenHost: '127.0.0.1' };
const everywhere = { listenHost: '0.0.0.0' };
const behindProxy = { listenHost: '0.0.0.0', origin: 'https://console.example.com' };
const url = (path: string) => new URL(path, 'http://127.0.0.1:3000');

describe('refuseRequestShape', () => {
	it('answers a path that does not decode, holds NUL or is overlong before anything decodes it', () => {
		expect(refuseRequestShape(url('/api/sites/%E0%A4%A/devices/x/scans'), '127.0.0.1:3000', loopback)?.status).toBe(400);
		expect(refuseRequestShape(url('/api/%00'), '127.0.0.1:3000', loopback)?.status).toBe(400);
		expect(refuseRequestShape(url('/admin/audit?actor=%2Fe%00'), '127.0.0.1:3000', loopback)?.status).toBe(400);
		expect(refuseRequestShape(url(`/${'a'.repeat(3000)}`), '127.0.0.1:3000', loopback)?.status).toBe(414);
		expect(refuseRequestShape(url('/api/events?site=a&after=1'), '127.0.0.1:3000', loopback)).toBeNull();
	});
	it('on a loopback listener answers only loopback names, so a DNS-rebinding page gets nothing', () => {
		expect(refuseRequestShape(url('/login'), 'evil.example:3000', loopback)?.status).toBe(421);
		expect(refuseRequestShape(url('/login'), null, loopback)?.status).toBe(421);
		expect(refuseRequestShape(url('/login'), 'localhost:3000', loopback)).toBeNull();
		expect(refuseRequestShape(url('/login'), 'evil.example:3000', everywhere)).toBeNull();
	});
	it('with ORIGIN set answers only its host', () => {
		expect(refuseRequestShape(url('/login'), 'console.example.com', behindProxy)).toBeNull();
		expect(refuseRequestShape(url('/login'), 'CONSOLE.example.com', behindProxy)).toBeNull();
		expect(refuseRequestShape(url('/login'), '10.0.0.5:3000', behindProxy)?.status).toBe(421);
		expect(refuseRequestShape(url('/login'), 'evil.example', behindProxy)?.status).toBe(421);
	});
});
