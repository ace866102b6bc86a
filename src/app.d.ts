import type { Server } from 'socket.io';
import type { Runtime } from '$lib/server/runtime';

declare global {
	/** Handle shared by the host (src/server.js or the Vite dev plugin) and the bundle's init hook. */
	var __shouwang: { io?: Server; runtime?: Promise<Runtime>; stop?: () => Promise<void> } | undefined;

	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			runtime: Runtime;
		}
	}
}

export {};
