import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { webhookBody, webhookSignature } from './webhook';

const SECRET = 'a-webhook-secret-of-32-chars!!!!';

describe('webhookSignature', () => {
	it('is the hex HMAC-SHA256 of the exact bytes (vectors from Python’s hmac)', () => {
		expect(webhookSignature(SECRET, '{"deliveryId":"d-1","messages":[]}')).toBe('b46f3c2d234fa06a3e182d552290d1e96f0bed0c4a8549ec0a4540299ab6e326');
		expect(webhookSignature(SECRET, '{"title":"工单超时"}')).toBe('b61deb0cfe89406e3155826529e784cb03c135c29858d4ce45bb761d02825248');
		expect(webhookSignature(SECRET, new TextEncoder().encode('{"title":"工单超时"}'))).toBe('b61deb0cfe89406e3155826529e784cb03c135c29858d4ce45bb761d02825248');
	});
});

describe('webhookBody', () => {
	it('carries the delivery id, the send time and each message’s documented fields only', () => {
		const message = { title: 'T', text: 'x', severity: 'minor', link: null, at: '2026-12-01T08:00:00.000Z', kind: 'ticket_breached', extra: 'dropped' } as OutboundMessage;
		const body = JSON.parse(webhookBody([message], 'd-7', new Date('2026-12-01T08:00:05.000Z')));
		expect(body).toEqual({
			version: 1,
			deliveryId: 'd-7',
			sentAt: '2026-12-01T08:00:05.000Z',
			messages: [{ kind: 'ticket_breached', title: 'T', text: 'x', severity: 'minor', link: null, at: '2026-12-01T08:00:00.000Z' }]
		});
	});
});
