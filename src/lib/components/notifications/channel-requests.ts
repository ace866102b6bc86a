import type { ChannelView } from '$lib/server/domain/notification/channels';
import { fieldProblemsOf, type ChannelBody, type FieldProblem } from './channel-form';

/**
 * The channels' API as the admin page calls it. Never throws: no answer is `failed`; a refused
 * form comes back as a problem per field, worded by the page.
 */

export type ChannelProblem = 'failed' | 'not_found' | 'forbidden';
export type SaveOutcome = { ok: true; id: string } | { ok: false; problem: ChannelProblem } | { ok: false; fields: Record<string, FieldProblem> };
/** A test send: sent, or the reason code the sender gave; `failed` when the server did not answer. */
export type TestOutcome = { ok: true } | { ok: false; reason: string };

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
const at = (id: string) => `/api/notification-channels/${encodeURIComponent(id)}`;

function problemOf(r: Response | null): ChannelProblem {
	if (r?.status === 404) return 'not_found';
	if (r?.status === 401 || r?.status === 403) return 'forbidden';
	return 'failed';
}

/** Add a channel (`id` null) or replace one's settings. */
export async function saveChannel(id: string | null, body: ChannelBody): Promise<SaveOutcome> {
	const r = await fetch(id ? at(id) : '/api/notification-channels', json(id ? 'PUT' : 'POST', body)).catch(() => null);
	const answer = (await r?.json().catch(() => null)) as { id?: string; reasons?: string[] } | null;
	if (r?.ok && answer?.id) return { ok: true, id: answer.id };
	if (r?.status === 400 && answer?.reasons) return { ok: false, fields: fieldProblemsOf(answer.reasons) };
	return { ok: false, problem: problemOf(r) };
}

/** Turn a channel on or off, its settings (secrets as redacted, which the server keeps) unchanged. */
export function setChannelEnabled(channel: ChannelView, enabled: boolean): Promise<SaveOutcome> {
	return saveChannel(channel.id, { name: channel.name, config: channel.config, kinds: channel.kinds, sites: channel.sites, enabled });
}

export async function removeChannel(id: string): Promise<ChannelProblem | null> {
	const r = await fetch(at(id), { method: 'DELETE', signal: AbortSignal.timeout(30_000) }).catch(() => null);
	return r?.ok ? null : problemOf(r);
}

/** Send one test message now, in the channel's own language. */
export async function testChannel(id: string): Promise<TestOutcome> {
	const r = await fetch(`${at(id)}/test`, json('POST', {})).catch(() => null);
	const answer = (await r?.json().catch(() => null)) as { ok?: boolean; reason?: string } | null;
	if (!r?.ok || !answer) return { ok: false, reason: r?.status === 404 ? 'channel_gone' : 'network' };
	return answer.ok ? { ok: true } : { ok: false, reason: answer.reason ?? 'error' };
}
