import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Whose is the pid in a data folder's `postmaster.pid`? After a crash it can name our orphaned
 * server (stop it), a zombie that no one has reaped yet, a process that is gone, or, after pid
 * reuse, any other program, such as the machine's own PostgreSQL (leave it alone; the file is
 * stale). PostgreSQL itself only asks "is the pid alive?", and a zombie's pid is.
 */

/** What /proc says about a pid; null when there is no such process. */
export interface ProcessFacts {
	/** The state letter of /proc/<pid>/stat: R, S, D, T, Z (zombie), X (dead) … */
	state: string;
	/** The executable's real path (/proc/<pid>/exe, else argv[0] resolved), when it can be read. */
	exe: string | null;
	/** /proc/<pid>/cmdline, split. Empty for a zombie. */
	argv: string[];
}

export type PostmasterVerdict =
	| { kind: 'ours' }
	| { kind: 'stale'; why: 'gone' | 'zombie' | 'other program' }
	/** Another PostgreSQL binary serves our data folder: neither ours to stop nor safe to ignore. */
	| { kind: 'foreign server' };

/**
 * The pid is ours only if it is our binary running with our `-D` folder and not a zombie; then
 * the caller stops it. A gone pid, a zombie or any other program leaves a stale file, which the
 * caller removes so the new server can start. Another PostgreSQL on our folder is refused.
 * `ours.binary` and `ours.pgData` are absolute, `ours.binary` a real path.
 */
export function judgePostmaster(facts: ProcessFacts | null, ours: { binary: string; pgData: string }): PostmasterVerdict {
	if (!facts) return { kind: 'stale', why: 'gone' };
	if (facts.state === 'Z' || facts.state === 'X') return { kind: 'stale', why: 'zombie' };
	const dataDir = dataDirOf(facts.argv);
	const ourFolder = dataDir !== null && path.resolve(dataDir) === path.resolve(ours.pgData);
	if (ourFolder && facts.exe === ours.binary) return { kind: 'ours' };
	if (ourFolder && facts.exe !== null && path.basename(facts.exe) === 'postgres') return { kind: 'foreign server' };
	return { kind: 'stale', why: 'other program' };
}

/** The data folder a postgres command line names: `-D dir`, `-Ddir` or `--pgdata=dir`. */
function dataDirOf(argv: string[]): string | null {
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-D') return argv[i + 1] ?? null;
		if (a.startsWith('-D')) return a.slice(2);
		if (a.startsWith('--pgdata=')) return a.slice('--pgdata='.length);
	}
	return null;
}

/** Read what `judgePostmaster` needs from /proc; null when the pid is gone. Linux only. */
export async function readProcessFacts(pid: number): Promise<ProcessFacts | null> {
	let stat: string;
	try {
		stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return null;
	}
	// "pid (comm) S …": comm may hold spaces and parentheses, so read after the last ')'.
	const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
	const argv = cmdline === '' ? [] : cmdline.replace(/\0$/, '').split('\0');
	let exe: string | null = await fs.readlink(`/proc/${pid}/exe`).catch(() => null);
	// A binary replaced while it runs (a reinstall) reads "… (deleted)"; it is still that path.
	if (exe?.endsWith(' (deleted)')) exe = exe.slice(0, -' (deleted)'.length);
	// Another user's process without the right to read its exe: fall back to argv[0].
	if (exe === null && argv[0] && path.isAbsolute(argv[0])) exe = await fs.realpath(argv[0]).catch(() => null);
	return { state, exe, argv };
}
