import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { Procedure, ProcedureVersion } from '$lib/domain/procedure/model';
import { isDeepStrictEqual } from 'node:util';
import { newEvent, type RunCommand } from '../../commands';
import { listCurrentVersions } from './queries';
import type { Queryable } from '../../db/client';

export type PublishOutcome = { ok: true; version: ProcedureVersion; unchanged: boolean } | { ok: false; reason: 'unknown' };

interface Actor {
	kind: 'user' | 'system';
	id: string;
}

/**
 * Publish `definition` (already checked against `procedureSchema`) as the next version of its
 * procedure: `ProcedurePublished` in the system stream and the version's row, under the system
 * stream's lock so two edits never take the same number. A definition equal to the current
 * version publishes nothing (`unchanged`): importing the same file twice makes no new version.
 * Incidents already open keep the version they opened with; the next ones get this one.
 */
export async function publishProcedure(run: RunCommand, definition: Procedure, actor: Actor, opts: { ifNone?: boolean } = {}): Promise<PublishOutcome> {
	const outcome = await run<'unknown', { version: ProcedureVersion; unchanged: boolean }>(SYSTEM_STREAM, async ({ tx, now }) => {
		const current = (await listCurrentVersions(tx, [definition.id])).get(definition.id);
		if (current && opts.ifNone) return { ok: true, events: [], value: { version: current, unchanged: true } };
		if (current) {
			const { version, publishedAt, publishedBy, ...same } = current;
			void publishedAt, void publishedBy;
			if (isDeepStrictEqual(same, definition)) return { ok: true, events: [], value: { version: current, unchanged: true } };
			return publish(version + 1);
		}
		return publish(1);

		async function publish(version: number) {
			await tx`
				insert into procedure_version (procedure, version, definition, published_at, published_by)
				values (${definition.id}, ${version}, ${tx.json(definition as never)}, ${now}, ${actor.id})`;
			const stored: ProcedureVersion = { ...definition, version, publishedAt: now.toISOString(), publishedBy: actor.id };
			const data = { procedure: definition.id, version, definition };
			return {
				ok: true as const,
				events: [newEvent({ stream: SYSTEM_STREAM, type: 'ProcedurePublished', sourceKind: actor.kind, sourceId: actor.id, data }, now)],
				value: { version: stored, unchanged: false }
			};
		}
	});
	if (!outcome.ok) return outcome;
	return { ok: true, ...outcome.value! };
}

/**
 * The procedures the product ships, published as version 1 of each procedure that has no
 * version yet (a fresh database, or a kind added by an upgrade); admins' versions are left alone.
 */
export async function publishShippedProcedures(run: RunCommand, sql: Queryable, shipped: readonly Procedure[]): Promise<number> {
	// One read at start-up; only kinds with no version yet take the system stream's lock (where
	// `ifNone` decides again, should another process publish meanwhile).
	const present = await listCurrentVersions(sql, shipped.map((p) => p.id));
	let published = 0;
	for (const p of shipped.filter((p) => !present.has(p.id))) {
		const result = await publishProcedure(run, p, { kind: 'system', id: 'shipped' }, { ifNone: true });
		if (result.ok && !result.unchanged) published++;
	}
	return published;
}
