import { error, json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { GuardLink, SessionUser } from '$lib/domain/access';
import { CLOCK_SKEW_LIMIT_MS } from '$lib/domain/envelope';
import type { PhoneItemAnswer } from '$lib/domain/guard/phone-input';
import { readJsonBody } from '../../http/json-body';
import type { NewEvent, WriteOutcome } from '../../event-log/types';
import type { IngestWriter } from '../../ingest/writer';

/**
 * The server half of the guard's phone items (scans, findings, panic, check-ins, accepts): who
 * may send them, how the phone's clock is read, and how they join the one ingest path (the
 * single writer, source the signed-in user, the phone's item id as the source's event id, so a
 * retry after a lost answer is stored once).
 */

/** The guard this account walks as on `site`, or a 403 saying why not. */
export function requireLinkedGuard(user: SessionUser | null, site: string): GuardLink {
	if (!user) error(401, 'sign in first');
	if (user.role !== 'guard') error(403, 'only a guard account sends from the guard page');
	const link = user.guard;
	if (!link) error(403, { message: 'this account is not linked to a guard: ask an administrator (Users page)', reason: 'not_linked' });
	if (link.site !== site) error(403, { message: 'this account walks as a guard of another site', reason: 'other_site' });
	return link;
}

/** A phone may say an act happened at most this long after it says it sent it (clock jitter between the two reads). */
const ACT_AFTER_SEND_MS = 60_000;

/**
 * The instant of a phone's act on the server's clock. The phone says when it acted (`at`) and
 * when this attempt left it (`sentAt`); `sentAt` against our receipt measures the phone's clock
 * (the network's delay is small beside the skew limit). A phone within the limit is trusted as
 * it is: a scan kept offline for an hour keeps its time and is not "an hour behind". A phone
 * past it has its act moved by the measured offset and keeps what it said in `phoneAt`.
 */
export function readPhoneTimes(
	body: { at: string; sentAt: string },
	receivedAt: Date
): { ok: true; at: Date; sentAt: Date; phoneAt: string | null } | { ok: false; reasons: string[] } {
	const at = new Date(body.at);
	const sentAt = new Date(body.sentAt);
	if (at.getTime() > sentAt.getTime() + ACT_AFTER_SEND_MS) return { ok: false, reasons: ['at: after sentAt (the act must happen before it is sent)'] };
	const offset = sentAt.getTime() - receivedAt.getTime();
	if (Math.abs(offset) <= CLOCK_SKEW_LIMIT_MS) return { ok: true, at, sentAt, phoneAt: null };
	return { ok: true, at: new Date(at.getTime() - offset), sentAt, phoneAt: at.toISOString() };
}

/** The event a phone item becomes: on the site's stream, source the user, the phone's id. */
export function phoneEvent<E extends NewEvent>(
	user: SessionUser,
	site: string,
	item: { id: string },
	times: { at: Date; sentAt: Date },
	receivedAt: Date,
	event: Pick<E, 'type' | 'data'>
): NewEvent {
	return {
		stream: site,
		type: event.type,
		sourceKind: 'user',
		sourceId: user.id,
		sourceEventId: item.id,
		at: times.at,
		receivedAt,
		sentAt: times.sentAt,
		data: event.data
	} as NewEvent;
}

/** Append through the single writer; resolves after commit. */
export function appendPhoneEvent(writer: IngestWriter, event: NewEvent, raw: string): Promise<WriteOutcome> {
	return writer.write({ kind: 'event', event, origin: { channel: 'http', topic: null, raw: Buffer.from(raw) } });
}

/** The answer the phone's outbox reads: 201 stored, 200 a retry of something stored, 400 rejected (never retried). */
export function answerPhoneItem(outcome: WriteOutcome, extra: { incident?: string } = {}): Response {
	let body: PhoneItemAnswer;
	switch (outcome.status) {
		case 'stored':
			body = { status: 'stored', seq: outcome.envelope.seq, ...extra };
			return json(body, { status: 201 });
		case 'duplicate':
			body = { status: 'duplicate', seq: outcome.seq, ...extra };
			return json(body, { status: 200 });
		case 'rejected':
			return rejectPhoneItem(outcome.reasons);
		default:
			return rejectPhoneItem(['unexpected input']);
	}
}

/** A phone item read and checked: who sent it, what, and when on the server's clock; `append` stores it as an event. */
export interface PhoneItem<B> {
	link: GuardLink;
	user: SessionUser;
	body: B;
	times: { at: Date; sentAt: Date; phoneAt: string | null };
	append<E extends NewEvent>(event: Pick<E, 'type' | 'data'>): Promise<WriteOutcome>;
}

/** The rejection the outbox keeps and never retries. */
export const rejectPhoneItem = (reasons: string[]): Response => json({ status: 'rejected', reasons } satisfies PhoneItemAnswer, { status: 400 });

/**
 * The shared first half of every phone endpoint: the linked guard (else 401/403), the body
 * against its schema (else 400/415), the phone's times read against our receipt; or the answer
 * to send instead.
 */
export async function readPhoneItem<S extends z.ZodType<{ id: string; at: string; sentAt: string }>>(
	{ params, locals, request }: Pick<RequestEvent<{ site: string }>, 'params' | 'locals' | 'request'>,
	schema: S
): Promise<PhoneItem<z.output<S>> | Response> {
	const link = requireLinkedGuard(locals.user, params.site);
	const user = locals.user!;
	const { runtime } = locals;
	const receivedAt = runtime.clock.now();
	const body = await readJsonBody(request, schema);
	const times = readPhoneTimes(body, receivedAt);
	if (!times.ok) return rejectPhoneItem(times.reasons);
	return {
		link,
		user,
		body,
		times,
		append: (event) => appendPhoneEvent(runtime.writer, phoneEvent(user, params.site, body, times, receivedAt, event), JSON.stringify(body))
	};
}
