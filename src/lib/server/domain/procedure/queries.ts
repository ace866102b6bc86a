import type { Procedure, ProcedureVersion } from '$lib/domain/procedure/model';
import type { Queryable } from '../../db/client';

interface VersionRow {
	procedure: string;
	version: number;
	definition: Procedure;
	published_at: Date;
	published_by: string;
}

const versionOf = (r: VersionRow): ProcedureVersion => ({
	...r.definition,
	version: r.version,
	publishedAt: r.published_at.toISOString(),
	publishedBy: r.published_by
});

/** Every version of every procedure, by procedure then version. */
export async function listProcedureVersions(sql: Queryable): Promise<ProcedureVersion[]> {
	const rows = await sql<VersionRow[]>`
		select procedure, version, definition, published_at, published_by from procedure_version order by procedure, version`;
	return rows.map(versionOf);
}

/** One version, or null. */
export async function getProcedureVersion(sql: Queryable, procedure: string, version: number): Promise<ProcedureVersion | null> {
	const [row] = await sql<VersionRow[]>`
		select procedure, version, definition, published_at, published_by from procedure_version
		where procedure = ${procedure} and version = ${version}`;
	return row ? versionOf(row) : null;
}

/** The current (highest) version of each of these procedures that has one. */
export async function listCurrentVersions(sql: Queryable, procedures: readonly string[]): Promise<Map<string, ProcedureVersion>> {
	if (!procedures.length) return new Map();
	const rows = await sql<VersionRow[]>`
		select distinct on (procedure) procedure, version, definition, published_at, published_by from procedure_version
		where procedure = any(${procedures as string[]}) order by procedure, version desc`;
	return new Map(rows.map((r) => [r.procedure, versionOf(r)]));
}
