import { afterEach, describe, expect, it } from 'vitest';
import type { UnnumberedEnvelope } from '$lib/domain/events';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { describeEvent } from '../live/event-text';

describe('describeEvent: residents', () => {
	afterEach(() => overwriteGetLocale(() => 'zh-CN'));
	const event = (type: string, data: object) =>
		({ site: 's1', type, id: null, source: { kind: 'user', id: 'u1' }, at: '2026-01-01T00:00:00Z', receivedAt: '2026-01-01T00:00:00Z', data }) as UnnumberedEnvelope;

	it('names the resident by id and the fields by name, never a reason or a value', () => {
		overwriteGetLocale(() => 'en');
		expect(describeEvent(event('ResidentRecorded', { resident: 'r-1' }))).toBe('Resident r-1 recorded');
		expect(describeEvent(event('ResidentUpdated', { resident: 'r-1', fields: ['phone', 'unit'] }))).toBe('Resident r-1 corrected: phone number, home');
		expect(describeEvent(event('ResidentContactRevealed', { resident: 'r-1', field: 'phone', reason: 'call back' }))).toBe("Resident r-1's phone number revealed");
		overwriteGetLocale(() => 'zh-TW');
		expect(describeEvent(event('ResidentErased', { resident: 'r-1' }))).toBe('住戶 r-1 的個人資料已刪除');
	});
});
