import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from './findings';
import { runBounded, TOOL_TIMEOUT_S, type BoundedRun } from './processes';

/**
 * The attack modules run, each with what it checks. Left out: ssrf and xxe (they need wapiti's
 * out-of-band endpoint on the internet), nikto, buster and backup (lists of other products' files
 * and paths), shellshock (CGI), brute_login_form (weak passwords; the scan's admin has a random
 * one and sign-in is throttled), methods (wapiti 3.0.4's module sends nothing), wapp (fingerprinting).
 */
export const WAPITI_MODULES = {
	sql: 'SQL injection by the errors it provokes',
	blindsql: 'SQL injection by time (sleep payloads)',
	exec: 'command and code execution',
	file: 'path traversal and file inclusion',
	xss: 'reflected cross-site scripting',
	permanentxss: 'stored cross-site scripting',
	redirect: 'open redirects',
	crlf: 'header injection (CR LF)',
	htaccess: 'access control bypassed with another method on a 401/403 answer',
	csrf: 'forms without an anti-CSRF token',
	csp: 'Content-Security-Policy',
	http_headers: 'security headers',
	cookieflags: 'cookie flags (HttpOnly, Secure)'
} as const;

/** The modules that send many requests each; the header checks finish in a few. */
const SLOW_MODULES = 10;

export interface WapitiRun extends BoundedRun {
	findings: Finding[];
	/** What the report lists as additional information (not findings). */
	additionals: string[];
	/** URLs and forms the crawl found (wapiti's own count, from its log). */
	crawled: number | null;
	reportFound: boolean;
}

/** Wapiti's JSON cookie file: domain → path → name → attributes (wapitiCore/net/jsoncookie.py). */
export function writeWapitiCookie(file: string, cookie: string): void {
	const [name, ...value] = cookie.split('=');
	const jar = { '127.0.0.1': { '/': { [name]: { value: value.join('='), expires: null, secure: false, port: null, version: 0 } } } };
	fs.writeFileSync(file, JSON.stringify(jar), { mode: 0o600 });
}

/**
 * Crawl from the console and the API's read endpoints, signed in as the admin, then attack.
 * `seconds` is the hard bound. Wapiti checks its own limits only between requests, so they are
 * planned 30 s short of it: a fifth for the crawl, the rest shared by the slow modules.
 */
export async function runWapiti(opts: {
	baseUrl: string;
	startPaths: string[];
	cookieFile: string;
	outDir: string;
	workDir: string;
	seconds: number;
}): Promise<WapitiRun> {
	const report = path.join(opts.outDir, 'wapiti-report.json');
	const planned = opts.seconds - 30;
	const crawl = Math.max(10, Math.round(planned * 0.2));
	const attack = Math.max(5, Math.floor((planned - crawl) / SLOW_MODULES));
	const args = [
		'--url', `${opts.baseUrl}/`,
		'--scope', 'folder',
		...opts.startPaths.flatMap((p) => ['--start', `${opts.baseUrl}${p}`]),
		'--cookie', opts.cookieFile,
		// As a browser's same-origin form post does: without it SvelteKit refuses every form (403) before its action runs.
		'--header', `Origin: ${opts.baseUrl}`,
		'--module', Object.keys(WAPITI_MODULES).join(','),
		'--max-scan-time', String(crawl),
		'--max-attack-time', String(attack),
		'--timeout', String(TOOL_TIMEOUT_S),
		'--flush-session',
		'--store-session', path.join(opts.workDir, 'session'),
		'--store-config', path.join(opts.workDir, 'config'),
		'--no-bugreport',
		'--verbose', '1',
		'--format', 'json',
		'--output', report
	];
	// An empty technology database: otherwise loading the modules (wapp among them, even unused)
	// tries to download one from the internet.
	fs.mkdirSync(path.join(opts.workDir, 'config'), { recursive: true });
	fs.writeFileSync(path.join(opts.workDir, 'config', 'apps.json'), '{}');
	const logFile = path.join(opts.outDir, 'wapiti.log');
	const run = await runBounded('wapiti', args, { seconds: opts.seconds, logFile });
	const found = /Wapiti found (\d+) URLs and forms/.exec(fs.readFileSync(logFile, 'utf8'));
	const crawled = found ? Number(found[1]) : null;
	if (!fs.existsSync(report)) return { ...run, findings: [], additionals: [], crawled, reportFound: false };
	return { ...run, ...readWapitiReport(report), crawled, reportFound: true };
}

interface ReportItem {
	method: string;
	path: string;
	info: string;
	parameter: string;
	http_request: string;
}
type Section = Record<string, ReportItem[]>;

/** Vulnerabilities and anomalies (5xx answers, timeouts) are findings; additionals are information. */
export function readWapitiReport(file: string): Pick<WapitiRun, 'findings' | 'additionals'> {
	const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		vulnerabilities: Section;
		anomalies: Section;
		additionals: Section;
	};
	const findings: Finding[] = [];
	for (const section of [report.vulnerabilities, report.anomalies]) {
		for (const [kind, items] of Object.entries(section ?? {})) {
			for (const item of items) {
				findings.push({
					tool: 'wapiti',
					kind,
					request: item.http_request.split('\n')[0].replace(/ HTTP\/1\.1$/, ''),
					detail: `${item.info}${item.parameter ? ` (parameter ${item.parameter})` : ''}\n${item.http_request.trim()}`
				});
			}
		}
	}
	const additionals = Object.entries(report.additionals ?? {}).flatMap(([kind, items]) => items.map((i) => `${kind}: ${i.info} (${i.method} ${i.path})`));
	return { findings, additionals };
}
