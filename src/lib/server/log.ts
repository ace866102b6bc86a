import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; one root logger per runtime, children per component. */
export function createLogger(level: string): Logger {
	return pino({ level, base: { app: 'shouwang' }, timestamp: pino.stdTimeFunctions.isoTime });
}
