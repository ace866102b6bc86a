import { error } from '@sveltejs/kit';
import type { SessionUser } from '$lib/domain/access';
import { INCIDENT_KINDS, type IncidentKind } from '$lib/domain/incident/model';
import type { Procedure, ProcedureVersion, Text } from '$lib/domain/procedure/model';
import { procedureSchema } from '$lib/domain/procedure/schema';
import { procedureOfDraft, readProcedureDraft, type ProcedureDraft } from '$lib/domain/procedure/draft';
import { listProblemsOfIssues, type ProcedureProblem } from '$lib/domain/procedure/problems';
import { parseProcedureTransfer, TRANSFER_MAX_BYTES, transferFileName, writeProcedureTransfer, type TransferFileProblem } from '$lib/domain/procedure/transfer';
import { listUsers } from '$lib/server/auth/users';
import type { RunCommand } from '$lib/server/commands';
import type { Queryable } from '$lib/server/db/client';
import { publishProcedure } from '$lib/server/domain/procedure/commands';
import { listCurrentVersions, listProcedureVersions } from '$lib/server/domain/procedure/queries';
import { findNulPath, hasNul } from '$lib/server/http/nul';

/**
 * The admin procedures pages' server half: the list, one procedure's versions, the editor's
 * form published as the next version, and procedures exported to and imported from a file.
 * Both ways in go through `procedureSchema` and `publishProcedure`, as `PUT /api/procedures/{id}`
 * does; what is refused comes back as problems on fields (codes, worded by the page).
 */

/** A kind of incident and its procedure's current version, if it has one. */
export interface ProcedureSummary {
	id: IncidentKind;
	title: Text | null;
	version: number | null;
	publishedAt: string | null;
	publishedBy: string | null;
}

export const isIncidentKind = (id: string): id is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(id);

/** Every kind, in the model's order, with its procedure's current version (or none yet). */
export async function listProcedureSummaries(sql: Queryable): Promise<ProcedureSummary[]> {
	const current = await listCurrentVersions(sql, INCIDENT_KINDS);
	return INCIDENT_KINDS.map((id) => {
		const v = current.get(id);
		return { id, title: v?.title ?? null, version: v?.version ?? null, publishedAt: v?.publishedAt ?? null, publishedBy: v?.publishedBy ?? null };
	});
}

/** One procedure's versions, oldest first (none: not written yet). */
export async function listVersionsOf(sql: Queryable, id: IncidentKind): Promise<ProcedureVersion[]> {
	return (await listProcedureVersions(sql)).filter((v) => v.id === id);
}

/** The names of the users who published, by id (`shipped` and users since removed are left to the page). */
export async function getPublisherNames(sql: Queryable, ids: readonly (string | null)[]): Promise<Record<string, string>> {
	const wanted = new Set(ids.filter((id): id is string => !!id && id !== 'shipped'));
	if (!wanted.size) return {};
	return Object.fromEntries((await listUsers(sql)).filter((u) => wanted.has(u.id)).map((u) => [u.id, u.displayName || u.username]));
}

const actorOf = (user: SessionUser) => ({ kind: 'user' as const, id: user.id });

export type SaveOutcome = { ok: true; version: number; unchanged: boolean } | { ok: false; problems: ProcedureProblem[]; draft: ProcedureDraft };

/** The editor's form published as the procedure's next version (nothing when equal to the current one), or its problems with what was typed. */
export async function saveProcedureForm(run: RunCommand, user: SessionUser, id: IncidentKind, form: FormData): Promise<SaveOutcome> {
	for (const [name, value] of form) if (hasNul(name) || (typeof value === 'string' && hasNul(value))) error(400, 'the form must not contain NUL characters');
	const draft = readProcedureDraft(form, id);
	const parsed = procedureSchema.safeParse(procedureOfDraft(draft));
	if (!parsed.success) return { ok: false, problems: listProblemsOfIssues(parsed.error.issues), draft };
	const outcome = await publishProcedure(run, parsed.data as Procedure, actorOf(user));
	if (!outcome.ok) error(404, 'no such procedure');
	return { ok: true, version: outcome.version.version, unchanged: outcome.unchanged };
}

/** How one procedure of an imported file fared: published, equal to its current version, or refused with its problems. */
export interface ImportedItem {
	index: number;
	id: string | null;
	result: 'published' | 'unchanged' | 'invalid' | 'held';
	version?: number;
	problems?: ProcedureProblem[];
}

export type ImportOutcome = { ok: true; items: ImportedItem[] } | { ok: false; problem: TransferFileProblem | 'no_file' | 'invalid'; items: ImportedItem[] };

/**
 * An uploaded file of procedures, published one by one once every one of them checks out. One
 * refused procedure publishes none (`held`): a file is a set of plans meant to go together.
 */
export async function importProcedureFile(run: RunCommand, user: SessionUser, file: FormDataEntryValue | null): Promise<ImportOutcome> {
	if (!(file instanceof File) || file.size === 0) return { ok: false, problem: file instanceof File ? 'empty' : 'no_file', items: [] };
	if (file.size > TRANSFER_MAX_BYTES) return { ok: false, problem: 'too_big', items: [] };
	const read = parseProcedureTransfer(await file.text());
	if (!read.ok) return { ok: false, problem: read.problem, items: [] };
	// PostgreSQL cannot store NUL in jsonb: refused here as a problem of its field.
	const items = read.items.map((item) => {
		const nul = item.ok ? findNulPath(item.procedure, 32) : null;
		return nul ? { index: item.index, id: item.id, ok: false as const, problems: [{ field: nul.split(':')[0], code: 'invalid' as const }] } : item;
	});
	if (items.some((i) => !i.ok)) {
		return { ok: false, problem: 'invalid', items: items.map((i) => (i.ok ? { index: i.index, id: i.id, result: 'held' } : { index: i.index, id: i.id, result: 'invalid', problems: i.problems })) };
	}
	const done: ImportedItem[] = [];
	for (const item of items) {
		if (!item.ok) continue;
		const outcome = await publishProcedure(run, item.procedure, actorOf(user));
		if (!outcome.ok) error(404, 'no such procedure');
		done.push({ index: item.index, id: item.id, result: outcome.unchanged ? 'unchanged' : 'published', version: outcome.version.version });
	}
	return { ok: true, items: done };
}

/** Every current version as one JSON file, and its name. */
export async function exportProcedures(sql: Queryable, now: Date): Promise<{ body: string; fileName: string }> {
	const current = await listCurrentVersions(sql, INCIDENT_KINDS);
	return { body: `${JSON.stringify(writeProcedureTransfer([...current.values()]), null, '\t')}\n`, fileName: transferFileName(now) };
}
