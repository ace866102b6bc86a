import type { EventEnvelope } from '../events';

/**
 * Which guards' pages a committed batch changes: a guard named by an event (a scan, a round
 * claimed, a silence noted, an incident sent, taken or reached, a panic press) or by a row a
 * projection rewrote (a round, an incident sent to them). `everyone`: a round open to any guard
 * changed (planned, or left unclaimed), which every guard of the site may take. Pure.
 */
export function listGuardsConcerned(
	events: readonly EventEnvelope[],
	updates: Record<string, { upsert: { id: string }[] }> | undefined
): { guards: Set<string>; everyone: boolean } {
	const guards = new Set<string>();
	let everyone = false;
	for (const e of events) {
		const guard = (e.data as { guard?: unknown } | null)?.guard;
		if (typeof guard === 'string') guards.add(guard);
	}
	for (const row of updates?.rounds?.upsert ?? []) {
		const r = row as { kind?: string; guard?: string | null };
		if (r.kind !== 'round') continue;
		if (r.guard) guards.add(r.guard);
		else everyone = true;
	}
	for (const row of updates?.incidents?.upsert ?? []) {
		const guard = (row as { dispatch?: { guard?: string } | null }).dispatch?.guard;
		if (guard) guards.add(guard);
	}
	return { guards, everyone };
}
