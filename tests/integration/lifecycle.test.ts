import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSite, makeTempDir, profile, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
/** The state letter in /proc/<pid>/stat (Z for a zombie), or null when the pid is gone. */
const processState = (pid: number): string | null => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
	} catch {
		return null;
	}
};
const postmasterPid = async (dataDir: string) =>
	Number((await fs.readFile(path.join(dataDir, 'postgres', 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);

// The embedded PostgreSQL's lifecycle; meaningless against external services.
describe.skipIf(profile.databaseUrl)('embedded lifecycle', () => {
	const apps: RunningApp[] = [];
	const dirs: string[] = [];
	afterEach(async () => {
		for (const app of apps.splice(0)) await app.dispose();
		for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
	});

	async function publishAll(url: string, login: DeviceLogin, ids: string[]) {
		const device = await connectDevice(url, login);
		for (const id of ids) await device.publish('scans', scanBody(id));
		await device.receiptFor(ids.at(-1)!);
		await device.close();
	}

	it('comes back with every committed event after a SIGKILL, stopping the orphaned server', async () => {
		const dataDir = await makeTempDir('shouwang-kill-');
		dirs.push(dataDir);
		const site = uniqueId('kill');
		const first = await startApp({ dataDir, databaseUrl: null, mqttUrl: null });
		await createSite(first.sql, site);
		const login = await first.device(site, 'HH-01');
		await publishAll(first.mqttUrl, login, Array.from({ length: 50 }, (_, i) => `before-${i}`));
		const orphan = await postmasterPid(dataDir);
		await first.sql.end();
		await first.stop('SIGKILL');
		expect(alive(orphan)).toBe(true); // the server outlives the app…

		const second = await startApp({ dataDir, databaseUrl: null, mqttUrl: null });
		apps.push(second);
		expect([null, 'Z']).toContain(processState(orphan)); // …until the next start stops it (a zombie until reaped)
		expect(second.logs()).toContain('stopping orphaned embedded PostgreSQL');
		const [{ n }] = await second.sql`select count(*)::int as n from event where stream = ${site} and source_kind = 'device'`;
		expect(n).toBe(50);
		await publishAll(second.mqttUrl, login, ['after-0']);
		const [row] = await second.sql`select seq from event where stream = ${site} and source_event_id = 'after-0'`;
		expect(row.seq).toBe(53); // after the site's import, the device's registration and the 50 scans
	});

	it('comes up on the same data when started again at once after its whole process group was SIGKILLed', async () => {
		const dataDir = await makeTempDir('shouwang-group-');
		dirs.push(dataDir);
		// Under a parent that never reaps what it adopts, as some PID 1s: this machine's reaps within
		// about half a second, quicker than the app starts again, which would hide the zombie.
		const app = await startApp({ dataDir, databaseUrl: null, mqttUrl: null, unreapedOrphans: true });
		apps.push(app);
		const site = uniqueId('group');
		await createSite(app.sql, site);
		const login = await app.device(site, 'HH-01');
		await publishAll(app.mqttUrl, login, ['before-crash']);
		const old = await postmasterPid(dataDir);

		// The app and its PostgreSQL die together, as under a process manager or the OOM killer; the
		// old postmaster's pid stays in postmaster.pid, and the pid is a zombie.
		await app.stop('SIGKILL', { group: true });
		await waitFor(() => (processState(old) === 'Z' ? true : undefined), 10_000, 'the old postmaster to be a zombie');
		await app.restart();
		expect(processState(old)).toBe('Z'); // still there: the new start did not wait for a reaper
		expect(app.logs()).toContain('stale postmaster.pid');

		expect(await postmasterPid(dataDir)).not.toBe(old);
		const rows = await app.sql<{ source_event_id: string }[]>`select source_event_id from event where stream = ${site} and source_kind = 'device'`;
		expect(rows.map((r) => r.source_event_id)).toEqual(['before-crash']);
		const list = (await (await app.api(`/api/sites/${site}/devices`)).json()) as { devices: { id: string }[] };
		expect(list.devices.map((d) => d.id)).toEqual(['HH-01']);
		await publishAll(app.mqttUrl, login, ['after-crash']);
	});

	it('restarts the embedded server when it dies, and ingest resumes', async () => {
		const app = await startApp({ databaseUrl: null, mqttUrl: null });
		apps.push(app);
		const site = uniqueId('super');
		await createSite(app.sql, site);
		const pid = await postmasterPid(app.dataDir);
		process.kill(pid, 'SIGKILL');
		await waitFor(async () => {
			const now = await postmasterPid(app.dataDir).catch(() => pid);
			return now !== pid && alive(now) ? true : undefined;
		}, 30_000, 'a new postmaster');
		await waitFor(async () => ((await fetch(`${app.baseUrl}/api/health`)).status === 200 ? true : undefined), 30_000, 'health ok');
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-02'));
		await device.publish('scans', scanBody('after-crash'));
		expect(await device.receiptFor('after-crash', 30_000)).toEqual({ id: 'after-crash', status: 'stored' });
		await device.close();
	});

	it('finishes in-flight commits on SIGTERM; a device that resends until its receipt loses nothing', async () => {
		const dataDir = await makeTempDir('shouwang-term-');
		dirs.push(dataDir);
		const site = uniqueId('term');
		const ids = Array.from({ length: 400 }, (_, i) => `m-${i}`);
		const first = await startApp({ dataDir, databaseUrl: null, mqttUrl: null });
		await createSite(first.sql, site);
		const login = await first.device(site, 'HH-03');
		const device = await connectDevice(first.mqttUrl, login);
		const publishing = Promise.all(ids.map((id) => device.publish('scans', scanBody(id)).catch(() => undefined)));
		await waitFor(() => (device.receipts.length >= 50 ? true : undefined), 30_000, 'some receipts');
		await first.sql.end();
		expect(await first.stop('SIGTERM')).toBe(0);
		await device.client.endAsync(true);
		await publishing;

		const second = await startApp({ dataDir, databaseUrl: null, mqttUrl: null });
		apps.push(second);
		const confirmed = new Set(device.receipts.filter((r) => r.status !== 'rejected').map((r) => r.id));
		const resend = await connectDevice(second.mqttUrl, login);
		for (const id of ids.filter((id) => !confirmed.has(id))) await resend.publish('scans', scanBody(id));
		await waitFor(async () => {
			const [{ n }] = await second.sql`select count(*)::int as n from event where stream = ${site} and source_kind = 'device'`;
			return n === ids.length ? true : undefined;
		}, 60_000, 'all events stored');
		const rows = await second.sql<{ seq: number; source_event_id: string }[]>`
			select seq, source_event_id from event where stream = ${site} and source_kind = 'device' order by seq`;
		expect(new Set(rows.map((r) => r.source_event_id)).size).toBe(ids.length);
		expect(rows.map((r) => r.seq)).toEqual(ids.map((_, i) => i + 3)); // seq 1: the site's import, 2: the device's registration
		await resend.close();
	});

	it.skipIf(process.getuid?.() !== 0)('says what to change when the server user cannot reach DATA_DIR', async () => {
		const locked = await fs.mkdtemp(path.join(os.tmpdir(), 'shouwang-locked-')); // 0700, root's
		dirs.push(locked);
		const error = await startApp({ dataDir: path.join(locked, 'data'), databaseUrl: null, mqttUrl: null }).then(
			(app) => {
				apps.push(app);
				return null;
			},
			(err: Error) => err
		);
		expect(error?.message).toContain("cannot reach");
		expect(error?.message).toContain('DATA_DIR');
	});

	it('fails clearly when an explicit MQTT_PORT is taken, and falls back when the default is', async () => {
		const holder = net.createServer().listen(0, '127.0.0.1');
		await new Promise((r) => holder.once('listening', r));
		const taken = (holder.address() as net.AddressInfo).port;
		try {
			const error = await startApp({ databaseUrl: null, mqttUrl: null, env: { MQTT_PORT: String(taken) } }).then(
				(app) => (apps.push(app), null),
				(err: Error) => err
			);
			expect(error?.message).toContain(`MQTT_PORT ${taken} is already in use`);
		} finally {
			holder.close();
		}
		// 1883: held by the machine's broker, or by us here.
		const own = net.createServer().listen(1883, '127.0.0.1');
		await new Promise((r) => {
			own.once('listening', r);
			own.once('error', r);
		});
		try {
			const app = await startApp({ databaseUrl: null, mqttUrl: null, env: { MQTT_PORT: '' } });
			apps.push(app);
			expect(app.logs()).toContain('MQTT port 1883 is taken: the embedded broker listens on 127.0.0.1:');
		} finally {
			own.close();
		}
	});
});
