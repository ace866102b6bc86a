import type { Finding } from './findings';
import { TOOL_TIMEOUT_S } from './processes';
import type { RecordedRequest } from './recording-proxy';

interface LogLine {
	level: number;
	msg?: string;
	errorId?: string;
	path?: string;
	err?: { type?: string; message?: string; status?: number };
	raw: string;
}

/** pino's numeric levels: 40 warn, 50 error, 60 fatal. */
const ERROR = 50;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The app's JSON lines, once each (a restarted app's file starts with the output before it). */
function parse(text: string): LogLine[] {
	return [...new Set(text.split('\n'))].flatMap((raw) => {
		if (!raw.startsWith('{')) return [];
		try {
			return [{ ...(JSON.parse(raw) as Omit<LogLine, 'raw'>), raw }];
		} catch {
			return [];
		}
	});
}

const firstLine = (s = '') => s.split('\n')[0].slice(0, 200);

/** The line as logged, less the error's stack (it stays in app.log). */
function withoutStack(line: LogLine): string {
	const { raw: _raw, ...fields } = line;
	return JSON.stringify({ ...fields, err: fields.err && { ...fields.err, stack: undefined } });
}

/**
 * Findings from what the app answered and logged during the scan: every 5xx answer (with the
 * log line its error id points to), every request it closed without answering or left the tool
 * waiting on past its timeout (TOOL_TIMEOUT_S), and the error
 * lines no 5xx explains, grouped by message (a client's mistake logged at error level).
 */
export function findAppFindings(requests: RecordedRequest[], logText: string): { findings: Finding[]; warnings: number; errors: number } {
	const lines = parse(logText);
	const byErrorId = new Map(lines.filter((l) => l.errorId).map((l) => [l.errorId!, l]));
	const explained = new Set<string>();
	const findings: Finding[] = [];
	for (const r of requests) {
		if (r.notForwarded) continue;
		const request = `${r.method} ${r.url}`;
		// A tool killed at its time limit also drops its request in flight: that is not a hang.
		if (r.gaveUp && r.ms < (TOOL_TIMEOUT_S - 1) * 1000) continue;
		if (r.gaveUp) {
			findings.push({ tool: 'app', kind: 'hang', request, detail: `sent by ${r.tool} at ${r.at}: ${r.error}${r.status === null ? ' (no status yet)' : ` (status ${r.status}, body unfinished)`}` });
		} else if (r.status === null) {
			findings.push({ tool: 'app', kind: 'no-answer', request, detail: `sent by ${r.tool} at ${r.at}: the app closed the connection without an answer (${r.error})` });
		} else if (r.status >= 500) {
			const id = UUID.exec(r.answer ?? '')?.[0];
			const line = id ? byErrorId.get(id) : undefined;
			if (id) explained.add(id);
			findings.push({
				tool: 'app',
				kind: '5xx',
				request,
				detail: `${r.status}, sent by ${r.tool} at ${r.at}${r.body ? ` with body ${JSON.stringify(r.body.slice(0, 300))}` : ''}; answer: ${firstLine(r.answer)}\n  log: ${line ? withoutStack(line) : '(no log line with its error id)'}`
			});
		}
	}
	const groups = new Map<string, { count: number; paths: Set<string>; sample: string }>();
	for (const l of lines) {
		if (l.level < ERROR || (l.errorId && explained.has(l.errorId))) continue;
		const key = `${l.msg ?? ''}: ${l.err?.type ?? ''} ${firstLine(l.err?.message)}`.trim();
		const g = groups.get(key) ?? { count: 0, paths: new Set<string>(), sample: withoutStack(l) };
		g.count++;
		if (l.path) g.paths.add(l.path);
		groups.set(key, g);
	}
	for (const [key, g] of groups) {
		const paths = [...g.paths];
		findings.push({
			tool: 'app',
			kind: 'error-log',
			request: paths.length ? `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more paths` : ''}` : '(no path)',
			detail: `${g.count} line(s) at error level: ${key}\n  e.g. ${g.sample}`
		});
	}
	return { findings, warnings: lines.filter((l) => l.level === 40).length, errors: lines.filter((l) => l.level >= ERROR).length };
}
