import type { ContactField, ResidentView } from '$lib/domain/resident/model';

/**
 * The residents API as the service desk's components call it: each answer the resident's
 * masked view (or the one value a reveal shows), or why not, as a code the components word in
 * the reader's language. Never throws: a failed network is `failed`.
 */

/** Why the server refused: its reason code, `invalid` (what was typed), `forbidden`, or `failed` (no answer). */
export type ResidentProblem = 'unknown_place' | 'unknown_site' | 'not_found' | 'erased' | 'invalid' | 'forbidden' | 'failed';

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: ResidentProblem };

/** What the resident form asks: name, phone, note. */
export interface ResidentFieldValues {
	name: string;
	phone: string;
	note: string;
}

export interface ResidentFieldsInput extends ResidentFieldValues {
	unit: string;
}

async function send<T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<Answer<T>> {
	const r = await fetch(url, init).catch(() => null);
	if (!r) return { ok: false, problem: 'failed' };
	const body = (await r.json().catch(() => null)) as Record<string, unknown> | null;
	if (r.ok && body) return { ok: true, value: pick(body) };
	if (r.status === 401 || r.status === 403) return { ok: false, problem: 'forbidden' };
	const reason = body?.reason;
	if (reason === 'unknown_place' || reason === 'unknown_site' || reason === 'not_found' || reason === 'erased') return { ok: false, problem: reason };
	if (r.status === 404) return { ok: false, problem: 'not_found' };
	return { ok: false, problem: r.status === 400 ? 'invalid' : 'failed' };
}

const post = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const residentOf = (b: Record<string, unknown>) => b.resident as ResidentView;
const at = (id: string) => `/api/residents/${encodeURIComponent(id)}`;

/** The site's residents at a place (or under it), by phone suffix and text; masked. */
export function searchResidents(site: string, q: { unit?: string | null; phone?: string; q?: string }): Promise<Answer<ResidentView[]>> {
	const params = new URLSearchParams();
	if (q.unit) params.set('unit', q.unit);
	if (q.phone) params.set('phone', q.phone);
	if (q.q) params.set('q', q.q);
	return send(`/api/sites/${encodeURIComponent(site)}/residents?${params}`, {}, (b) => b.residents as ResidentView[]);
}

export function recordResident(site: string, input: ResidentFieldsInput): Promise<Answer<ResidentView>> {
	return send(`/api/sites/${encodeURIComponent(site)}/residents`, post(input), residentOf);
}

/** Only what is given changes; an empty name or phone means "keep it" (the form never had the real one). */
export function updateResident(id: string, input: Partial<ResidentFieldsInput>): Promise<Answer<ResidentView>> {
	const body = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (k === 'note' || v !== '')));
	return send(at(id), post(body, 'PATCH'), residentOf);
}

export function revealContact(id: string, field: ContactField, reason: string): Promise<Answer<string>> {
	return send(`${at(id)}/reveal`, post({ field, reason }), (b) => String(b.value));
}

export function eraseResident(id: string): Promise<Answer<ResidentView>> {
	return send(`${at(id)}/erase`, post({}), residentOf);
}
