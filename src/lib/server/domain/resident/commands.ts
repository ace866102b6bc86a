/**
 * What people do with residents' records. Each command runs on the site's stream through the
 * one command path (`run`): under the stream's lock it writes the `resident` row in the command's
 * transaction and appends the audit event with it, so the row and its event commit together or
 * not at all. There is no projection for residents: the table is the store, not a view of the
 * log, and the events (ids and field names only) exist for the audit page. Replaying the log
 * therefore never rebuilds a resident, and an erasure cannot be undone by a replay.
 */
import { randomBytes } from 'node:crypto';
import type { SessionUser } from '$lib/domain/access';
import type { EventData } from '$lib/domain/events';
import type { ContactField, ResidentField, ResidentRecord } from '$lib/domain/resident/model';
import type { ResidentEventType } from '$lib/domain/resident/events';
import type { Tx } from '../../db/client';
import { newEvent, type CommandContext, type RunCommand } from '../../commands';
import { hasPlace, lockResident } from './queries';

export type ResidentRefusal = 'unknown_site' | 'unknown_place' | 'not_found' | 'erased';

export type ResidentOutcome<V> = { ok: true; value: V } | { ok: false; reason: ResidentRefusal };

/** Where the request came from, for the audit page. */
export interface ResidentMeta {
	address: string | null;
}

export interface ResidentInput {
	unit: string;
	name: string;
	phone: string;
	note: string;
}

const newResidentId = () => `r-${randomBytes(8).toString('hex')}`;

/** An event to append, without the address the command adds. */
type ResidentEventDraft = { [T in ResidentEventType]: { type: T; data: Omit<EventData<T>, 'address'> } }[ResidentEventType];

type Decided<V> = ({ ok: true; value: V } & ResidentEventDraft) | { ok: false; reason: ResidentRefusal | 'unchanged'; value?: V };

/**
 * Run one resident command on `site`'s stream as `user`: `decide` writes the row in `ctx.tx` and
 * names the event; the event gets the caller's address and is appended in the same transaction.
 * `unchanged` (an update that changes nothing) writes and appends nothing and answers the value.
 */
async function runResidentCommand<V>(
	run: RunCommand,
	user: SessionUser,
	site: string,
	meta: ResidentMeta,
	decide: (ctx: CommandContext) => Promise<Decided<V>>
): Promise<ResidentOutcome<V>> {
	let unchanged: V | undefined;
	const outcome = await run<ResidentRefusal | 'unchanged', V>(site, async (ctx) => {
		if (ctx.head === null) return { ok: false, reason: 'unknown_site' };
		const decided = await decide(ctx);
		if (!decided.ok) {
			unchanged = decided.value;
			return { ok: false, reason: decided.reason };
		}
		const data = { ...decided.data, address: meta.address };
		return { ok: true, events: [newEvent({ stream: site, type: decided.type, sourceKind: 'user', sourceId: user.id, data }, ctx.now)], value: decided.value };
	});
	if (outcome.ok) return { ok: true, value: outcome.value as V };
	if (outcome.reason === 'unchanged') return { ok: true, value: unchanged as V };
	return { ok: false, reason: outcome.reason };
}

/** The resident of `site` under its row lock, or a refusal: none (or of another site), or already erased. */
async function lockLiving(tx: Tx, site: string, id: string): Promise<ResidentRecord | 'not_found' | 'erased'> {
	const r = await lockResident(tx, id);
	if (!r || r.site !== site) return 'not_found';
	return r.erasedAt ? 'erased' : r;
}

/** Record a resident living at a place of the site: `ResidentRecorded`, and the stored record. */
export function recordResident(run: RunCommand, user: SessionUser, site: string, input: ResidentInput, meta: ResidentMeta) {
	return runResidentCommand<ResidentRecord>(run, user, site, meta, async ({ tx, now }) => {
		if (!(await hasPlace(tx, site, input.unit))) return { ok: false, reason: 'unknown_place' };
		const r: ResidentRecord = { id: newResidentId(), site, unit: input.unit, name: input.name, phone: input.phone, note: input.note || null, createdAt: now, updatedAt: now, erasedAt: null };
		await tx`
			insert into resident (id, site, unit, name, phone, note, created_at, updated_at)
			values (${r.id}, ${site}, ${r.unit}, ${r.name}, ${r.phone}, ${r.note}, ${now.toISOString()}, ${now.toISOString()})`;
		return { ok: true, type: 'ResidentRecorded', data: { resident: r.id }, value: r };
	});
}

/**
 * Correct a resident: the fields given that differ are written, and `ResidentUpdated` names them
 * (never their values). Nothing different: nothing written, no event, the record as it is.
 */
export function updateResident(run: RunCommand, user: SessionUser, site: string, id: string, patch: Partial<ResidentInput>, meta: ResidentMeta) {
	return runResidentCommand<ResidentRecord>(run, user, site, meta, async ({ tx, now }) => {
		const r = await lockLiving(tx, site, id);
		if (typeof r === 'string') return { ok: false, reason: r };
		const next = { unit: patch.unit ?? r.unit, name: patch.name ?? r.name, phone: patch.phone ?? r.phone, note: patch.note === undefined ? r.note : patch.note || null };
		const fields = (['name', 'phone', 'unit', 'note'] as const satisfies readonly ResidentField[]).filter((f) => next[f] !== r[f]);
		if (!fields.length) return { ok: false, reason: 'unchanged', value: r };
		if (fields.includes('unit') && !(await hasPlace(tx, site, next.unit))) return { ok: false, reason: 'unknown_place' };
		await tx`
			update resident set unit = ${next.unit}, name = ${next.name}, phone = ${next.phone}, note = ${next.note}, updated_at = ${now.toISOString()}
			where id = ${id}`;
		return { ok: true, type: 'ResidentUpdated', data: { resident: id, fields }, value: { ...r, ...next, updatedAt: now } };
	});
}

/**
 * Show one person the resident's real phone number or name, once: `ResidentContactRevealed`
 * with the field and the reason is appended in the transaction that reads it, so no value
 * leaves without its audit event committed.
 */
export function revealResidentContact(run: RunCommand, user: SessionUser, site: string, id: string, input: { field: ContactField; reason: string }, meta: ResidentMeta) {
	return runResidentCommand<string>(run, user, site, meta, async ({ tx }) => {
		const r = await lockLiving(tx, site, id);
		if (typeof r === 'string') return { ok: false, reason: r };
		const value = input.field === 'phone' ? r.phone : r.name;
		if (value === null) return { ok: false, reason: 'erased' };
		return { ok: true, type: 'ResidentContactRevealed', data: { resident: id, field: input.field, reason: input.reason }, value };
	});
}

/**
 * Erase a resident's personal data on their request: name, phone and note are blanked for good
 * (no event ever held them); id, site and unit stay, so tickets that name the resident keep
 * their history. `ResidentErased`, and the erased record.
 */
export function eraseResident(run: RunCommand, user: SessionUser, site: string, id: string, meta: ResidentMeta) {
	return runResidentCommand<ResidentRecord>(run, user, site, meta, async ({ tx, now }) => {
		const r = await lockLiving(tx, site, id);
		if (typeof r === 'string') return { ok: false, reason: r };
		await tx`update resident set name = null, phone = null, note = null, erased_at = ${now.toISOString()}, updated_at = ${now.toISOString()} where id = ${id}`;
		return { ok: true, type: 'ResidentErased', data: { resident: id }, value: { ...r, name: null, phone: null, note: null, erasedAt: now, updatedAt: now } };
	});
}
