import type { Server } from 'socket.io';
import type { Runtime } from '$lib/server/runtime';
import type { SessionUser } from '$lib/domain/access';

declare global {
	/** Handle shared by the host (src/server.js or the Vite dev plugin) and the bundle's init hook. */
	var __shouwang:
		| {
				io?: Server;
				runtime?: Promise<Runtime>;
				stop?: () => Promise<void>;
				/** The token the host gave its watchdog process (src/watchdog-host.js), for the health check's sites. */
				watchdogToken?: string;
		  }
		| undefined;

	namespace App {
		interface Error {
			message: string;
			errorId?: string;
			/** A fixed code a client can branch on (`invalid` for a refused body). */
			reason?: string;
			/** What was wrong with the input, one `field: problem` each. */
			reasons?: string[];
		}
		interface Locals {
			runtime: Runtime;
			user: SessionUser | null;
			/** The session's stored id, naming its socket room. */
			sessionId: string | null;
		}
	}
}

export {};
