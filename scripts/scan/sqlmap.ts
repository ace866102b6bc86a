import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from './findings';
import { runBounded, TOOL_TIMEOUT_S, type BoundedRun } from './processes';

/** One endpoint sqlmap probes. A `*` in the URL or body marks the only places it injects into. */
export interface SqlmapTarget {
	name: string;
	method: 'GET' | 'POST';
	/** Path and query on the app. */
	path: string;
	/** A JSON body (sqlmap finds JSON and injects into each value). */
	body?: string;
	auth: { cookie: string } | { basic: { username: string; password: string } } | null;
	/**
	 * Answers that are the endpoint's normal refusals, not errors to stop at: 401 by default (an
	 * injected session cookie is no session), and sign-in's 429 when it throttles.
	 */
	ignoreCodes?: string;
}

export interface SqlmapRun extends BoundedRun {
	target: SqlmapTarget;
	findings: Finding[];
	/** sqlmap's last word on the target (its final INFO, WARNING or CRITICAL line). */
	verdict: string;
	/** Requests its own traffic file (`-t`) counted, as a check of the proxy's count. */
	trafficCount: number;
}

/**
 * Level 2 adds the Cookie header to the injected places (the session lookup); risk 1 keeps to
 * payloads that cannot change data by themselves (no OR-based or heavy queries). The DBMS is
 * given (PostgreSQL) so the time goes to its payloads.
 */
export async function runSqlmap(target: SqlmapTarget, opts: { baseUrl: string; outDir: string; workDir: string; seconds: number }): Promise<SqlmapRun> {
	const logFile = path.join(opts.outDir, `sqlmap-${target.name}.log`);
	const traffic = path.join(opts.outDir, `sqlmap-${target.name}.traffic`);
	const auth = target.auth;
	const args = [
		'--url', `${opts.baseUrl}${target.path}`,
		'--method', target.method,
		...(target.body ? ['--data', target.body, '--headers', 'Content-Type: application/json'] : []),
		...(auth && 'cookie' in auth ? ['--cookie', auth.cookie] : []),
		...(auth && 'basic' in auth ? ['--auth-type', 'Basic', '--auth-cred', `${auth.basic.username}:${auth.basic.password}`] : []),
		'--ignore-code', target.ignoreCodes ?? '401',
		'--dbms', 'PostgreSQL',
		'--level', '2',
		'--risk', '1',
		'--batch',
		'--flush-session',
		'--timeout', String(TOOL_TIMEOUT_S),
		'--retries', '1',
		'--disable-coloring',
		'--output-dir', path.join(opts.workDir, 'sqlmap'),
		'--tmp-dir', opts.workDir,
		'-t', traffic
	];
	const run = await runBounded('sqlmap', args, { seconds: opts.seconds, logFile });
	const log = fs.readFileSync(logFile, 'utf8');
	const trafficCount = fs.existsSync(traffic) ? (fs.readFileSync(traffic, 'latin1').match(/^HTTP request \[#\d+\]/gm)?.length ?? 0) : 0;
	return { ...run, target, trafficCount, ...readSqlmapLog(target, log) };
}

/**
 * What sqlmap confirmed (its "identified the following injection point(s)" block) and what its
 * heuristics saw (a DBMS error or an unescaped reflection). Its interim "appears to be injectable"
 * is not a finding: it is followed by its own false-positive check, whose verdict decides.
 */
const HEURISTIC = /heuristic .* might be (injectable|vulnerable)/i;
const NOISE = /version is outdated|ending @|shutting down|you can find results/;

export function readSqlmapLog(target: SqlmapTarget, text: string): Pick<SqlmapRun, 'findings' | 'verdict'> {
	const log = text.replace(/\x1b(\[[?0-9;]*[a-zA-Z]|\([AB0])/g, '');
	const lines = log.split(/\r\n|\r|\n/); // \r: sqlmap redraws its progress lines
	const request = `${target.method} ${target.path}${target.body ? ` ${target.body}` : ''}`;
	const findings: Finding[] = lines
		.filter((l) => HEURISTIC.test(l))
		.map((l) => ({ tool: 'sqlmap', kind: /might be vulnerable to cross-site scripting/i.test(l) ? 'xss-heuristic' : 'injectable', request, detail: l.trim() }));
	const block = log.indexOf('sqlmap identified the following injection point');
	if (block >= 0) findings.push({ tool: 'sqlmap', kind: 'injectable', request, detail: log.slice(block, block + 3000).split('\n---\n').slice(0, 2).join('\n---\n') });
	const tested = [...new Set([...log.matchAll(/testing for SQL injection on (?:\(custom\) )?(\w+) parameter '([^']+)'/g)].map((m) => `${m[1]} ${m[2]}`))];
	const last = (re: RegExp) => [...lines].reverse().find((l) => re.test(l) && !NOISE.test(l))?.replace(/^.*?\] \[\w+\] /, '').trim();
	const outcome = /all tested parameters do not appear to be injectable/.test(log)
		? 'none injectable'
		: block >= 0
			? 'INJECTION POINT(S) IDENTIFIED'
			: (last(/\[(CRITICAL|ERROR)\]/) ?? `unfinished, last: ${last(/\[INFO\]/) ?? '(no output)'}`);
	return { findings, verdict: `tested ${tested.join(', ') || 'nothing'}: ${outcome}` };
}
