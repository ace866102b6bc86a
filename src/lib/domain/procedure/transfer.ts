import { INCIDENT_KINDS } from '../incident/model';
import type { Procedure, ProcedureVersion } from './model';
import { listProblemsOfIssues, type ProcedureProblem } from './problems';
import { procedureSchema } from './schema';

/**
 * Procedures as a file, out and back in: the export is every current version as a JSON array
 * of procedures (no version numbers: importing it publishes each as the next version, or
 * nothing where it is unchanged). An import takes one procedure or an array of them; fields a
 * stored version carries (`version`, `publishedAt`, `publishedBy`) are dropped, so a version
 * copied from `GET /api/procedures` imports too. Pure.
 */

/** The most bytes an imported file may have (the JSON API's body limit). */
export const TRANSFER_MAX_BYTES = 512 * 1024;
/** One file holds at most one procedure per kind. */
export const TRANSFER_MAX_ITEMS = INCIDENT_KINDS.length;

const VERSION_FIELDS = ['version', 'publishedAt', 'publishedBy'];

/** Every current version as the export file's content, by id. */
export function writeProcedureTransfer(current: readonly ProcedureVersion[]): Procedure[] {
	return [...current]
		.sort((a, b) => a.id.localeCompare(b.id))
		.map(({ version, publishedAt, publishedBy, ...definition }) => (void version, void publishedAt, void publishedBy, definition));
}

/** The export's file name: `shouwang-procedures-2026-05-01.json` (the day in UTC). */
export const transferFileName = (now: Date) => `shouwang-procedures-${now.toISOString().slice(0, 10)}.json`;

/** One procedure of a file: checked, or its problems. */
export type TransferItem = { index: number; id: string | null } & ({ ok: true; procedure: Procedure } | { ok: false; problems: ProcedureProblem[] });

export type TransferFileProblem = 'empty' | 'too_big' | 'not_json' | 'not_procedures' | 'too_many';
export type TransferRead = { ok: true; items: TransferItem[] } | { ok: false; problem: TransferFileProblem };

/** What a file holds, each procedure checked against the schema; a file that holds no procedures says why. */
export function parseProcedureTransfer(text: string): TransferRead {
	if (!text.trim()) return { ok: false, problem: 'empty' };
	if (new TextEncoder().encode(text).length > TRANSFER_MAX_BYTES) return { ok: false, problem: 'too_big' };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, problem: 'not_json' };
	}
	const list = Array.isArray(value) ? value : [value];
	if (list.length === 0 || !list.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return { ok: false, problem: 'not_procedures' };
	if (list.length > TRANSFER_MAX_ITEMS) return { ok: false, problem: 'too_many' };
	const seen = new Set<string>();
	return {
		ok: true,
		items: list.map((raw: Record<string, unknown>, index) => {
			const definition = Object.fromEntries(Object.entries(raw).filter(([k]) => !VERSION_FIELDS.includes(k)));
			const id = typeof definition.id === 'string' ? definition.id : null;
			const parsed = procedureSchema.safeParse(definition);
			if (!parsed.success) return { index, id, ok: false, problems: listProblemsOfIssues(parsed.error.issues) };
			if (seen.has(parsed.data.id)) return { index, id, ok: false, problems: [{ field: 'id', code: 'duplicate_procedure', params: { id: parsed.data.id } }] };
			seen.add(parsed.data.id);
			return { index, id, ok: true, procedure: parsed.data as Procedure };
		})
	};
}
