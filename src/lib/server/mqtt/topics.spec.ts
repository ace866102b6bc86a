import { describe, expect, it } from 'vitest';
import { deviceTopic, mayRetain, routeTopic } from './topics';

describe('routeTopic', () => {
	it('routes the device topics of the contract', () => {
		for (const kind of ['scans', 'alarms', 'status'] as const) {
			expect(routeTopic(deviceTopic('estate-1', 'HH-01', kind))).toEqual({ route: 'device', site: 'estate-1', device: 'HH-01', kind });
		}
	});
	it('recognises our own receipts so the bridge ignores them', () => {
		expect(routeTopic('sites/estate-1/devices/HH-01/receipts')).toEqual({ route: 'receipt' });
	});
	it('marks unknown kinds with the device they came from', () => {
		expect(routeTopic('sites/estate-1/devices/HH-01/selfie')).toEqual({
			route: 'unknown',
			site: 'estate-1',
			device: 'HH-01',
			reason: 'unknown topic: selfie'
		});
	});
	it('names only the start of a long unknown kind in the reason', () => {
		const route = routeTopic(`sites/estate-1/devices/HH-01/${'k'.repeat(60_000)}`);
		expect(route).toMatchObject({ route: 'unknown', reason: `unknown topic: ${'k'.repeat(64)}…` });
	});
	it('marks other shapes under sites/ as unknown', () => {
		expect(routeTopic('sites/estate-1/weather')).toMatchObject({ route: 'unknown', site: 'estate-1' });
		expect(routeTopic('sites/estate-1/devices/HH-01/scans/extra')).toMatchObject({ route: 'unknown' });
	});
});

describe('mayRetain', () => {
	it('lets a broker retain only a device\'s status, never a scan, an alarm or anything else', () => {
		expect(mayRetain(deviceTopic('estate-1', 'HH-01', 'status'))).toBe(true);
		for (const kind of ['scans', 'alarms', 'receipts'] as const) expect(mayRetain(deviceTopic('estate-1', 'HH-01', kind)), kind).toBe(false);
		expect(mayRetain('sites/estate-1/devices/HH-01/selfie')).toBe(false);
		expect(mayRetain('sites/estate-1/devices/HH-01/status/extra')).toBe(false);
	});
});
