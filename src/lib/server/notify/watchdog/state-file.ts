import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TROUBLE_KINDS, type Trouble } from '$lib/domain/notification/watchdog';
import { writeFileAtomically } from './channels-file';

/**
 * What one watchdog leaves to the next: the troubles it told that outlive it. Only `app_stopped`
 * does (the app died, this watchdog with it, and the next one, started with the app again, tells
 * its recovery or keeps it from being told twice within the hour); the others are seen again.
 */
export const WATCHDOG_STATE_FILE = 'watchdog-state.json';
const KEPT_KINDS = new Set<Trouble['kind']>(['app_stopped']);

const troubleSchema = z.object({
	kind: z.enum(TROUBLE_KINDS),
	site: z.string().nullable(),
	since: z.string(),
	toldAt: z.string().nullable(),
	told: z.number().int().min(0),
	waiting: z.number().optional()
});

const statePath = (dataDir: string) => path.join(dataDir, WATCHDOG_STATE_FILE);

/** The troubles the last watchdog left; none when there is no file or it does not parse. */
export async function readKeptTroubles(dataDir: string): Promise<Trouble[]> {
	try {
		const parsed = z.object({ troubles: z.array(troubleSchema) }).safeParse(JSON.parse(await fs.readFile(statePath(dataDir), 'utf8')));
		return parsed.success ? parsed.data.troubles.filter((t) => KEPT_KINDS.has(t.kind)) : [];
	} catch {
		return [];
	}
}

/** Keep the told troubles that outlive this watchdog (and forget the file when there are none). */
export async function keepTroubles(dataDir: string, troubles: readonly Trouble[]): Promise<void> {
	const kept = troubles.filter((t) => KEPT_KINDS.has(t.kind) && t.told > 0);
	if (!kept.length) return void (await fs.rm(statePath(dataDir), { force: true }));
	await writeFileAtomically(statePath(dataDir), JSON.stringify({ troubles: kept }));
}
