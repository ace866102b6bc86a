import { z } from 'zod';
import type { AlarmData } from './events';
import type { CheckpointScannedData } from '../patrol/events';
import { ALARM_TYPES, SCAN_METHODS, SEVERITIES } from '../site/model';

/**
 * Validation of what devices send, over MQTT or HTTP. Pure: the edge calls `parseDeviceMessage`
 * and either gets a typed input for the event log or a list of human-readable reasons.
 */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const DEVICE_MESSAGE_KINDS = ['scans', 'alarms', 'status'] as const;
export type DeviceMessageKind = (typeof DEVICE_MESSAGE_KINDS)[number];

const entityId = z.string().regex(ID_PATTERN, 'must match [A-Za-z0-9_-]{1,64}');
// PostgreSQL text cannot hold NUL; refuse it here with a clear reason rather than at the database.
const text = (max: number) =>
	z
		.string()
		.max(max)
		.refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const messageId = text(128).pipe(z.string().min(1));
/**
 * The instants a device's `at` may name: years 1 to 9999 in UTC, what JavaScript's ISO form and
 * PostgreSQL's timestamptz both write the same way. ISO 8601 allows year 0000 and, with an
 * offset, an instant past 9999 in UTC; neither can be stored, so they are refused here with a
 * reason. Everything inside is stored however far it is from the server's clock (flagged, never
 * refused): a clock that reads 1970 or 2099 is a broken clock, not a reason to lose an alarm.
 */
export const DEVICE_TIME_RANGE = { earliest: Date.parse('0001-01-01T00:00:00Z'), latest: Date.parse('9999-12-31T23:59:59.999Z') } as const;
const timestamp = z.iso
	.datetime({ offset: true, message: 'must be ISO 8601 with a time-zone offset' })
	.refine((s) => {
		const t = Date.parse(s);
		return t >= DEVICE_TIME_RANGE.earliest && t <= DEVICE_TIME_RANGE.latest;
	}, 'must be between years 0001 and 9999 in UTC');
// Topic-bound fields a payload may repeat; if present they must agree with the topic.
const binding = { site: z.string().optional(), device: z.string().optional() };

const scanSchema = z.object({
	...binding,
	id: messageId,
	guard: entityId,
	checkpoint: entityId,
	at: timestamp,
	method: z.enum(SCAN_METHODS)
});

const alarmSchema = z.object({
	...binding,
	id: messageId,
	point: z.string().regex(/^[A-Za-z0-9_./:-]{1,128}$/, 'must match [A-Za-z0-9_./:-]{1,128}'),
	type: z.enum(ALARM_TYPES),
	state: z.enum(['active', 'cleared']),
	severity: z.enum(SEVERITIES),
	at: timestamp,
	zone: text(64).optional(),
	text: text(500).optional()
});

const statusSchema = z.object({
	...binding,
	online: z.boolean(),
	at: timestamp.optional(),
	interval: z.number().int().min(1).max(86_400).optional()
});

/** A validated device input, ready for the single writer. */
export type DeviceInput =
	| ({ kind: 'event'; site: string; device: string; id: string; at: Date } & (
			| { type: 'CheckpointScanned'; data: CheckpointScannedData }
			| { type: 'AlarmRaised' | 'AlarmCleared'; data: AlarmData }
	  ))
	| { kind: 'status'; site: string; device: string; online: boolean; at: Date | null; interval: number | null };

export type ParseResult = { ok: true; input: DeviceInput } | { ok: false; reasons: string[] };

function reasonsOf(error: z.ZodError): string[] {
	return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** Validate one device message addressed by (site, device, kind), given its raw bytes. */
export function parseDeviceMessage(
	address: { site: string; device: string; kind: DeviceMessageKind },
	raw: Uint8Array
): ParseResult {
	const { site, device, kind } = address;
	if (!ID_PATTERN.test(site)) return { ok: false, reasons: ['site id must match [A-Za-z0-9_-]{1,64}'] };
	if (!ID_PATTERN.test(device)) return { ok: false, reasons: ['device id must match [A-Za-z0-9_-]{1,64}'] };
	if (raw.byteLength > MAX_PAYLOAD_BYTES) {
		return { ok: false, reasons: [`payload too large: ${raw.byteLength} bytes > ${MAX_PAYLOAD_BYTES}`] };
	}
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
	} catch {
		return { ok: false, reasons: ['payload is not valid UTF-8 JSON'] };
	}
	const schema = kind === 'scans' ? scanSchema : kind === 'alarms' ? alarmSchema : statusSchema;
	const parsed = schema.safeParse(body);
	if (!parsed.success) return { ok: false, reasons: reasonsOf(parsed.error) };
	const value = parsed.data;
	const mismatch: string[] = [];
	if (value.site !== undefined && value.site !== site) mismatch.push('site in payload contradicts topic');
	if (value.device !== undefined && value.device !== device) mismatch.push('device in payload contradicts topic');
	if (mismatch.length) return { ok: false, reasons: mismatch };

	if ('online' in value) {
		return {
			ok: true,
			input: {
				kind: 'status',
				site,
				device,
				online: value.online,
				at: value.at ? new Date(value.at) : null,
				interval: value.interval ?? null
			}
		};
	}
	if ('guard' in value) {
		return {
			ok: true,
			input: {
				kind: 'event',
				site,
				device,
				id: value.id,
				type: 'CheckpointScanned',
				at: new Date(value.at),
				data: { guard: value.guard, checkpoint: value.checkpoint, method: value.method }
			}
		};
	}
	const alarm = value as z.infer<typeof alarmSchema>;
	const data: AlarmData = { point: alarm.point, type: alarm.type, severity: alarm.severity };
	if (alarm.zone !== undefined) data.zone = alarm.zone;
	if (alarm.text !== undefined) data.text = alarm.text;
	return {
		ok: true,
		input: {
			kind: 'event',
			site,
			device,
			id: alarm.id,
			type: alarm.state === 'active' ? 'AlarmRaised' : 'AlarmCleared',
			at: new Date(alarm.at),
			data
		}
	};
}
