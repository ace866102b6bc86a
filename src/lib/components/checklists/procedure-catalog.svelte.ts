import { SvelteMap } from 'svelte/reactivity';
import type { ProcedureStep, ProcedureVersion } from '$lib/domain/procedure/model';

const keyOf = (procedure: string, version: number) => `${procedure}@${version}`;

/**
 * The procedure versions a console shows checklists of: read once from `GET /api/procedures`,
 * and again when a checklist names a version the console has not seen (an admin just published
 * it). Versions never change once published, so what is read is kept.
 */
export class ProcedureCatalog {
	#versions = new SvelteMap<string, ProcedureVersion>();
	#loading: Promise<void> | null = null;
	#missed = new Set<string>();

	/** The version, or undefined while it is being read (the caller re-renders when it arrives). */
	get(procedure: string, version: number): ProcedureVersion | undefined {
		const key = keyOf(procedure, version);
		const found = this.#versions.get(key);
		// Read again once per missing version: a version unknown to the server is not asked for forever.
		if (!found && !this.#missed.has(key)) {
			this.#missed.add(key);
			void this.load();
		}
		return found;
	}

	/** One step of a version, by id. */
	step(procedure: string, version: number, id: string): ProcedureStep | undefined {
		return this.get(procedure, version)?.steps.find((s) => s.id === id);
	}

	load(): Promise<void> {
		this.#loading ??= fetch('/api/procedures')
			.then((r) => (r.ok ? r.json() : { procedures: [] }))
			.then((body: { procedures: { versions: ProcedureVersion[] }[] }) => {
				for (const p of body.procedures) for (const v of p.versions) this.#versions.set(keyOf(v.id, v.version), v);
			})
			.catch(() => undefined)
			.finally(() => (this.#loading = null));
		return this.#loading;
	}
}
