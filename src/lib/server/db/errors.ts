/** Driver and socket codes that mean "no answer from the database", not "bad data". */
const UNREACHABLE_CODES = new Set([
	'DEADLINE',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOENT',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH'
]);

const codeOf = (err: unknown) => (err as { code?: unknown })?.code;

/**
 * The database is down, unreachable, shutting down, out of resources or timed a statement
 * out (SQLSTATE classes 08, 53, 57, 58): worth a retry, and for a request a 503, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
	const code = codeOf(err);
	return typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^(08|53|57|58)/.test(code));
}

/** For the writer: unavailability, lock and serialization conflicts (40, 55), and errors without a code are retried; bad data is not. */
export function isTransientDbError(err: unknown): boolean {
	const code = codeOf(err);
	return typeof code !== 'string' || isDatabaseUnavailable(err) || /^(40|55)/.test(code);
}
