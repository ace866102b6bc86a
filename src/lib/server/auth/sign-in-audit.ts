import type { EventData } from '$lib/domain/events';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { recordAudit } from './audit';
import { takeEndedWindows, type Attempt, type EndedWindow } from './throttle';

const AUTH = { kind: 'system', id: 'auth' } as const;

/**
 * Failed sign-ins reach the audit log aggregated, so a guesser cannot flood the single writer:
 * an account's first failure in its window as one `SignInFailed` (`count` 1), and when the window
 * ends one summary with the further failures (`count`) and the 429s (`refused`); an address only
 * gets a summary when it was refused (it sprayed), with every failure from it (`count`). Fields
 * arrive bounded (see `boundClientMeta`).
 */
export async function auditFirstFailure(run: RunCommand, a: Attempt): Promise<void> {
	await recordAudit(run, { type: 'SignInFailed', actor: AUTH, data: { username: a.username, address: a.address, userAgent: a.userAgent, count: 1 } });
}

/** The summary of an ended window, or null when its first-failure event already told it all. */
export function summarise(w: EndedWindow): EventData<'SignInFailed'> | null {
	const since = w.windowStart.toISOString();
	if (w.scope === 'address') return w.refused > 0 ? { address: w.key, count: w.failures, refused: w.refused, since } : null;
	const further = Math.max(0, w.failures - 1);
	if (further === 0 && w.refused === 0) return null;
	return { username: w.key, address: w.lastAddress, userAgent: w.lastUserAgent, count: further, refused: w.refused, since };
}

/** Audit the summaries of windows that have ended. */
export async function auditEndedWindows(run: RunCommand, ended: EndedWindow[]): Promise<void> {
	for (const w of ended) {
		const data = summarise(w);
		if (data) await recordAudit(run, { type: 'SignInFailed', actor: AUTH, data });
	}
}

/**
 * Every `everyMs`, take the throttle counters whose window has ended and audit their summaries,
 * which also keeps the table as small as the traffic of one window.
 */
export function startSignInSweep(deps: { sql: Sql; run: RunCommand; log: Logger; everyMs?: number }) {
	let busy: Promise<void> | null = null;
	const sweep = async () => {
		try {
			await auditEndedWindows(deps.run, await takeEndedWindows(deps.sql));
		} catch (err) {
			deps.log.debug({ err }, 'sign-in throttle sweep failed; trying again');
		}
	};
	const timer = setInterval(() => {
		// Taken windows are deleted: only take them when their summaries can be written.
		busy ??= sweep().finally(() => (busy = null));
	}, deps.everyMs ?? 60_000);
	return {
		stop: async () => {
			clearInterval(timer);
			await busy;
		}
	};
}
