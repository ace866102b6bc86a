import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, parseDeviceMessage } from './message';

const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const at = '2026-11-23T20:15:00.000+08:00';
const scan = { id: 'm-1', guard: 'G-017', checkpoint: 'CP-B07', at, method: 'nfc' };
const alarm = { id: 'a-1', point: 'loop2/det-117', type: 'fire', state: 'active', severity: 'critical', at, zone: 'B3-2F', text: '2F corridor' };
const addr = (kind: 'scans' | 'alarms' | 'status') => ({ site: 'estate-1', device: 'HH-01', kind });

describe('parseDeviceMessage', () => {
	it('accepts a scan and maps it to CheckpointScanned', () => {
		const r = parseDeviceMessage(addr('scans'), bytes(scan));
		expect(r.ok).toBe(true);
		if (!r.ok || r.input.kind !== 'event') throw new Error('expected an event');
		expect(r.input.type).toBe('CheckpointScanned');
		expect(r.input.data).toEqual({ guard: 'G-017', checkpoint: 'CP-B07', method: 'nfc' });
		expect(r.input.at.toISOString()).toBe('2026-11-23T12:15:00.000Z');
	});

	it('maps alarm states to AlarmRaised and AlarmCleared', () => {
		const raised = parseDeviceMessage(addr('alarms'), bytes(alarm));
		const cleared = parseDeviceMessage(addr('alarms'), bytes({ ...alarm, state: 'cleared' }));
		expect(raised.ok && raised.input.kind === 'event' && raised.input.type).toBe('AlarmRaised');
		expect(cleared.ok && cleared.input.kind === 'event' && cleared.input.type).toBe('AlarmCleared');
	});

	it('accepts a last will without a time', () => {
		const r = parseDeviceMessage(addr('status'), bytes({ online: false }));
		expect(r).toEqual({ ok: true, input: { kind: 'status', site: 'estate-1', device: 'HH-01', online: false, at: null, interval: null } });
	});

	it.each([
		['bad JSON', '{"id":', 'not valid UTF-8 JSON'],
		['a time without offset', { ...scan, at: '2026-11-23T20:15:00' }, 'at:'],
		['an unknown method', { ...scan, method: 'telepathy' }, 'method'],
		['a missing id', { ...scan, id: undefined }, 'id'],
		['an over-long id', { ...scan, id: 'x'.repeat(129) }, 'id'],
		['a contradicting device', { ...scan, device: 'HH-99' }, 'device in payload contradicts topic']
	])('rejects %s with a reason', (_name, body, reason) => {
		const r = parseDeviceMessage(addr('scans'), bytes(body));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.reasons.join('; ')).toContain(reason);
	});

	it.each(['1970-01-01T00:00:10Z', '0001-01-01T00:00:00Z', '2099-01-01T00:00:00+08:00', '9999-12-31T23:59:59.999Z'])(
		'accepts any clock the log can hold, however wrong: %s',
		(value) => {
			const r = parseDeviceMessage(addr('alarms'), bytes({ ...alarm, at: value }));
			expect(r.ok && r.input.kind === 'event' && r.input.at.getTime()).toBe(Date.parse(value));
		}
	);

	it.each(['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00'])('refuses %s: outside years 0001–9999 in UTC', (value) => {
		expect(parseDeviceMessage(addr('scans'), bytes({ ...scan, at: value }))).toEqual({ ok: false, reasons: ['at: must be between years 0001 and 9999 in UTC'] });
	});

	it('accepts a device field that agrees with the topic', () => {
		expect(parseDeviceMessage(addr('scans'), bytes({ ...scan, device: 'HH-01' })).ok).toBe(true);
	});

	it('rejects an unknown alarm type and a bad site id', () => {
		expect(parseDeviceMessage(addr('alarms'), bytes({ ...alarm, type: 'meteor' })).ok).toBe(false);
		expect(parseDeviceMessage({ ...addr('scans'), site: 'bad site!' }, bytes(scan)).ok).toBe(false);
	});

	it('rejects a payload over 64 KiB before parsing it', () => {
		const big = new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(32);
		const r = parseDeviceMessage(addr('scans'), big);
		expect(r).toEqual({ ok: false, reasons: [`payload too large: ${MAX_PAYLOAD_BYTES + 1} bytes > ${MAX_PAYLOAD_BYTES}`] });
	});
});

describe('parseDeviceMessage, hostile text', () => {
	const hostile = ["'; DROP TABLE event; --", "' OR '1'='1", 'back\\slash\\\\', '\u202Eevil\u202C', '<script>alert(1)</script>'];
	it.each(hostile)('keeps %j byte-identical in free text', (value) => {
		const r = parseDeviceMessage(addr('alarms'), bytes({ ...alarm, text: value, zone: value.slice(0, 64) }));
		expect(r.ok && r.input.kind === 'event' && r.input.data).toMatchObject({ text: value, zone: value.slice(0, 64) });
	});
	it('refuses NUL characters and over-long text with a reason', () => {
		const nul = parseDeviceMessage(addr('alarms'), bytes({ ...alarm, text: 'a\u0000b' }));
		expect(nul).toEqual({ ok: false, reasons: ['text: must not contain NUL characters'] });
		const long = parseDeviceMessage(addr('alarms'), bytes({ ...alarm, text: 'x'.repeat(10_000) }));
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.reasons[0]).toMatch(/^text: /);
	});
});
