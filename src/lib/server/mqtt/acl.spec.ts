import { describe, expect, it } from 'vitest';
import { acceptsClientId, canPublish, canSubscribe, deviceUsername, mosquittoAcl, type MqttIdentity } from './acl';

const hh: MqttIdentity = { kind: 'device', username: deviceUsername('cuihu', 'HH-1'), site: 'cuihu', device: 'HH-1' };
const bridge: MqttIdentity = { kind: 'bridge', username: 'shouwang-bridge' };

describe('broker rules', () => {
	it('lets a device publish only under its own prefix', () => {
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1/scans')).toBe(true);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1/selfies')).toBe(true); // dead-lettered by the bridge, with a reason
		expect(canPublish(hh, 'sites/cuihu/devices/HH-10/scans')).toBe(false);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-2/scans')).toBe(false);
		expect(canPublish(hh, 'sites/other/devices/HH-1/scans')).toBe(false);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1/')).toBe(false);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1')).toBe(false);
		expect(canPublish(hh, '$SYS/broker')).toBe(false);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1/#')).toBe(false);
		expect(canPublish(hh, 'sites/cuihu/devices/HH-1/ala\u0000rms')).toBe(false);
		expect(canPublish(hh, `sites/cuihu/devices/HH-1/${Buffer.from([0xc3, 0x28]).toString('utf8')}`)).toBe(false);
	});

	it('lets a device subscribe only to its own receipts', () => {
		expect(canSubscribe(hh, 'sites/cuihu/devices/HH-1/receipts')).toBe(true);
		for (const f of ['#', 'sites/#', 'sites/+/devices/+/receipts', 'sites/cuihu/devices/HH-1/#', '$share/g/sites/#', '$SYS/#', 'sites/cuihu/devices/HH-2/receipts']) {
			expect(canSubscribe(hh, f), f).toBe(false);
		}
	});

	it('lets the bridge read everything under sites/ and write only receipts', () => {
		expect(canSubscribe(bridge, 'sites/#')).toBe(true);
		expect(canSubscribe(bridge, '$share/shouwang/sites/#')).toBe(true);
		expect(canSubscribe(bridge, '#')).toBe(false);
		expect(canPublish(bridge, 'sites/cuihu/devices/HH-1/receipts')).toBe(true);
		expect(canPublish(bridge, 'sites/cuihu/devices/HH-1/scans')).toBe(false);
	});

	it('ties a device to client ids of its own', () => {
		expect(acceptsClientId(hh, 'cuihu.HH-1')).toBe(true);
		expect(acceptsClientId(hh, 'cuihu.HH-1/sub')).toBe(true);
		expect(acceptsClientId(hh, 'cuihu.HH-10')).toBe(false);
		expect(acceptsClientId(hh, 'cuihu.HH-1x')).toBe(false);
		expect(acceptsClientId(hh, 'shouwang-bridge')).toBe(false);
		expect(acceptsClientId(bridge, 'shouwang-bridge')).toBe(true);
		expect(acceptsClientId(bridge, 'cuihu.HH-1')).toBe(false);
	});

	it('writes the same rules as Mosquitto ACL lines', () => {
		expect(mosquittoAcl(hh)).toEqual(['user cuihu.HH-1', 'topic write sites/cuihu/devices/HH-1/#', 'topic read sites/cuihu/devices/HH-1/receipts']);
		expect(mosquittoAcl(bridge)).toEqual(['user shouwang-bridge', 'topic read sites/#', 'topic write sites/+/devices/+/receipts']);
	});
});
