import path from 'node:path';
import type { Config } from '../config';
import type { DbTarget } from './client';

/**
 * The database a command-line tool works on, as the app is configured: DATABASE_URL, or the
 * embedded server's socket in DATA_DIR, which exists only while the app runs.
 */
export function getCliDbTarget(config: Config): DbTarget {
	return config.databaseUrl
		? { url: config.databaseUrl }
		: { socketPath: path.join(config.dataDir, 'postgres', 'run', '.s.PGSQL.5432'), user: 'postgres', database: 'shouwang' };
}
