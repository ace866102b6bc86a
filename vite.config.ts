import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { Server } from 'socket.io';

/**
 * Under `vite dev`, attach Socket.IO to Vite's own HTTP server and hand it to the
 * bundle through the same globalThis handle that src/server.js uses in production,
 * so there is one wiring and no second module graph.
 */
function socketIoDev(): Plugin {
	return {
		name: 'shouwang-socket-io-dev',
		apply: 'serve',
		configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer || process.env.VITEST) return;
			const handle = ((globalThis as Record<string, unknown>).__shouwang ??= {}) as Record<string, unknown>;
			handle.io ??= new Server(httpServer);
			// SvelteKit runs the init hook on the first request: make one so the bridge starts at once.
			httpServer.once('listening', () => {
				const address = httpServer.address();
				if (address && typeof address === 'object') {
					fetch(`http://127.0.0.1:${address.port}/api/health`).catch(() => undefined);
				}
			});
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		socketIoDev()
	],
	test: {
		teardownTimeout: 5_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					// Each file starts real servers; one at a time keeps a shared broker free of cross-talk.
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					// Faults under load (`npm run chaos` for the full figures; a short form in `npm test`).
					name: 'chaos',
					include: ['tests/chaos/**/*.test.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 600_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
