import { listExpiredTests } from '$lib/domain/test-window/model';
import type { RunCommand } from '../../commands';
import type { Sql } from '../../db/client';
import type { Logger } from '../../log';
import { expireTest } from './commands';
import { listTests } from './queries';

/** Logs the end of every window whose time is up, by the runtime's clock (`expireTest`). */
export function startTestExpiry(deps: { sql: Sql; run: RunCommand; clock: { now(): Date }; log: Logger; everyMs?: number }) {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			for (const t of listExpiredTests(await listTests(deps.sql, null), deps.clock.now())) await expireTest(deps.run, t);
		} catch (err) {
			deps.log.debug({ err }, 'test-mode expiry failed; trying again');
		} finally {
			busy = false;
		}
	};
	const timer = setInterval(() => void tick(), deps.everyMs ?? 1000);
	return {
		stop: async () => {
			clearInterval(timer);
			while (busy) await new Promise((r) => setTimeout(r, 20));
		}
	};
}
