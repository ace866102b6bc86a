import type { SiteBundle } from '$lib/domain/site/model';
import type { Server } from 'socket.io';
import { parseConfig, type Config } from './config';
import { createProjections } from './projections';
import { createTimers } from './timers';
import { createClock, installClockIpc, type Clock } from './clock';
import { createScheduler } from './scheduler/runner';
import { CommittedBus } from './event-log/bus';
import { createCommandRunner, type RunCommand } from './commands';
import { getSiteSnapshot } from './domain/site/queries';
import type { SiteSnapshot } from '$lib/realtime/contract';
import { siteProjectionsOf, type Projection } from './event-log/projection';
import { endTest, startTest, type TestOutcome } from './domain/test-window/commands';
import type { TestStart } from '$lib/domain/test-window/decide';
import { runIncidentCommand, type IncidentOutcome } from './domain/incident/commands';
import { KeyframeWriter } from './replay/keyframe-writer';
import { readSiteState, type SiteStateOutcome } from './replay/site-state';
import { importSiteBundle, type ImportOutcome } from './domain/site/commands';
import type { IncidentCommand } from '$lib/domain/incident/decide';
import type { SessionUser } from '$lib/domain/access';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { createDatabase, type Db, type DbTarget, type Sql } from './db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { migrateDatabase } from './db/migrate';
import { IngestWriter } from './ingest/writer';
import { createAcceptor, type Acceptor } from './ingest/accept';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/broker';
import { createBridgePool } from './mqtt/bridge';
import { attachRealtime, type RealtimeServer } from './realtime/connection';
import { CommittedPublisher } from './realtime/publish';
import { checkHealth, type Health } from './health';
import { startDemo } from './demo/seed';
import { publishShippedProcedures } from './domain/procedure/commands';
import { SHIPPED_PROCEDURES } from './domain/procedure/shipped';
import { createSetupToken, ensureAdmin, type DemoCredential } from './auth/bootstrap';
import path from 'node:path';
import { DeviceAuthenticator } from './auth/devices';
import { createMqttInput } from './mqtt/device-input';
import { createAlarmWatch } from './mqtt/alarm-watch';
import { deviceTopic } from './mqtt/topics';
import { parse as parseCookies } from 'cookie';
import { SESSION_COOKIE } from './auth/sessions';
import { bearerOf } from './auth/tokens';
import { identify } from './auth/identity';
import { startSignInSweep } from './auth/sign-in-audit';
import { endSessionSockets, sessionRoom, tokenRoom, userRoom } from './realtime/connection';
import { startSessionWatch } from './realtime/session-watch';
import { startNotificationOutbox } from './notify/outbox-sender';
import { followSites, SiteWatchers } from './realtime/site-watchers';
import { createWatchdogChannelsCopy } from './domain/notification/watchdog-channels';

/** Everything the routes and socket handlers need, built once by `startRuntime`. */
export interface Runtime {
	config: Config;
	log: Logger;
	sql: Sql;
	db: Db;
	metrics: Metrics;
	writer: IngestWriter;
	acceptor: Acceptor;
	/** The registry of projections. */
	projections: readonly Projection[];
	/** The one command path: lock, decide, append, project, commit, publish. */
	run: RunCommand;
	/** The runtime's one clock: every decision that depends on time reads it. */
	clock: Clock;
	/** A site's snapshot for a console's first paint or a resync; null for an unknown site. */
	getSnapshot(site: string): Promise<SiteSnapshot | null>;
	/** A site's state at a seq, an instant, or now: the registry replayed from a keyframe. */
	readState(site: string, target: { seq: number } | { at: Date } | null): Promise<SiteStateOutcome>;
	/** Device credentials, for the embedded broker and HTTP Basic on ingest. */
	devices: DeviceAuthenticator;
	/** A device's credential changed: forget it and close its MQTT connection (embedded broker). */
	disconnectDevice(username: string): void;
	/** Demo mode only: the seeded accounts, shown on the login page. */
	demoCredentials: DemoCredential[];
	/**
	 * First run on a non-loopback address with no user yet: the one-time token that `/setup`
	 * asks for, printed at start, so the first visitor on the network cannot make themselves
	 * administrator. Null when set-up is not needed or the app listens on loopback only.
	 */
	setupToken: string | null;
	/** Close every socket opened with this session, telling it `session:ended` (`signed_out`). */
	disconnectSession(sessionId: string): void;
	/** Close every socket of a user (disabled, role or sessions changed), telling it `session:ended` (`ended`). */
	disconnectUser(userId: string): void;
	/** Close every socket opened with an API token (revoked), telling it `session:ended` (`ended`). */
	disconnectToken(tokenId: string): void;
	/** An operator's step on an incident: decided, appended and broadcast. */
	incidentCommand(user: SessionUser, id: string, command: IncidentCommand): Promise<IncidentOutcome>;
	/** A checked site bundle stored as the site's model, its `SiteImported` event broadcast. */
	importSite(user: SessionUser, bundle: SiteBundle, opts: { replace: boolean }): Promise<ImportOutcome>;
	/** Test mode: start (or extend) a window on a device or point, or end one early; broadcast. */
	startTest(user: SessionUser, site: string, input: TestStart): Promise<TestOutcome>;
	endTest(user: SessionUser, site: string, target: { device: string; point: string | null }): Promise<TestOutcome>;
	/** The health check; with the watchdog's token, also the sites and who watches them. */
	health(watchdogToken?: string | null): Promise<Health>;
	/** Rewrite the watchdog's copy of its channels from the table (after a channel changed). */
	refreshWatchdogChannels(): Promise<void>;
	stop(): Promise<void>;
}

/**
 * The composition root: database (embedded or external), migrations, the single writer,
 * broker (embedded or external), MQTT bridge, Socket.IO handlers and, in demo mode, the
 * demo estate and its simulator. `stop()` undoes it in reverse order: stop consuming,
 * finish in-flight commits, close.
 */
export async function startRuntime(opts: {
	io: Server;
	env?: Record<string, string | undefined>;
	/** The registry as the product defines it, or as a caller extends it (a fixture's projection in a test). */
	projections?: (registry: readonly Projection[]) => readonly Projection[];
	/** The token the host gave its watchdog process: health tells the sites' watchers to it alone. */
	watchdogToken?: string | null;
}): Promise<Runtime> {
	const config = parseConfig(opts.env ?? process.env);
	const log = createLogger(config.logLevel);
	const metrics = createMetrics();
	const stack: { name: string; undo: () => Promise<unknown> | unknown }[] = [];
	const onStop = (name: string, undo: () => Promise<unknown> | unknown) => stack.push({ name, undo });
	const stopAll = async () => {
		for (const { name, undo } of stack.reverse().splice(0)) {
			const started = Date.now();
			try {
				await undo();
			} catch (err) {
				log.error({ err, step: name }, 'error during shutdown');
			}
			log.debug({ step: name, ms: Date.now() - started }, 'stopped');
		}
	};

	// The one clock; with SHOUWANG_TEST_CLOCK=1 and an IPC channel, a test moves it (never over HTTP).
	const clock = createClock(config);
	onStop('clock', installClockIpc(clock));

	try {
		let pg: EmbeddedPostgres | undefined;
		let target: DbTarget;
		if (config.databaseUrl) {
			target = { url: config.databaseUrl };
		} else {
			pg = await startEmbeddedPostgres({ dataDir: config.dataDir, osUser: config.embeddedPgUser, log });
			onStop('embedded-postgres', () => pg!.stop());
			target = { socketPath: path.join(pg.socketDir, `.s.PGSQL.${pg.port}`), user: pg.user, database: pg.database };
		}
		await migrateDatabase(target, config.dbTimeoutMs);
		const { sql, db, close } = createDatabase(target, config.dbTimeoutMs);
		onStop('database', close);

		const settings = { escalation: config.escalation, heartbeatGraceSeconds: config.heartbeatGraceSeconds };
		const registry = createProjections(settings);
		const projections = opts.projections ? opts.projections(registry) : registry;
		// What a site's snapshot, keyframes and state hold: the system stream's views are not a site's.
		const siteProjections = siteProjectionsOf(projections);
		const bus = new CommittedBus(log.child({ component: 'bus' }));
		const io = opts.io as RealtimeServer;
		// The only sender of stream packets: it follows the bus.
		const publisher = new CommittedPublisher({ io, sql, log: log.child({ component: 'publisher' }) });
		bus.subscribe((batch) => publisher.publish(batch));
		const run = createCommandRunner({ sql, projections, bus, clock });
		// The procedures the product ships, as version 1 of each kind that has none yet, before any
		// alarm arrives: the first fire after a fresh install opens with its checklist.
		const shippedNow = await publishShippedProcedures(run, sql, SHIPPED_PROCEDURES);
		if (shippedNow) log.info({ procedures: shippedNow }, 'published the shipped procedures');
		// The writer stops after whatever feeds it (broker, bridge, sockets), which stop first.
		const writer = new IngestWriter({ sql, log: log.child({ component: 'writer' }), metrics, deadlineMs: config.dbTimeoutMs + 2000, concurrency: config.dbWriteConcurrency, projections, bus, clock });
		onStop('writer', () => writer.stop());
		const acceptor = createAcceptor(writer, clock, {
			onPendingAlarm: (alarm) => publisher.alarmUnconfirmed({ site: alarm.site, alarm }),
			onRejectedAlarm: (alarm, reasons) => publisher.alarmRejected({ site: alarm.site, alarm, reasons })
		});

		const devices = new DeviceAuthenticator(sql);
		let broker: EmbeddedBroker | undefined;
		let bridge: ReturnType<typeof createBridgePool> | undefined;
		if (!config.mqttUrl) {
			// In-process broker: device messages are committed in its pre-acknowledgement hook, so no
			// bridge connection sits between them, and only devices may connect.
			const input = createMqttInput(acceptor, (site, device, receipt) => broker?.publish(deviceTopic(site, device, 'receipts'), JSON.stringify(receipt)));
			broker = await startEmbeddedBroker({
				...config.mqttPort,
				log,
				ingest: input,
				authenticate: (username, password) => devices.verify(username, password)
			});
			onStop('embedded-broker', () => broker!.stop());
		} else {
			bridge = createBridgePool({
				url: config.mqttUrl,
				clientId: config.mqttClientId,
				username: config.mqttUsername,
				password: config.mqttPassword,
				connections: config.mqttBridgeConnections,
				acceptor,
				writer,
				log
			});
			bridge.start();
			onStop('mqtt-bridge', () => bridge!.stop());
			const watch = createAlarmWatch({ url: config.mqttUrl, clientId: config.mqttClientId, username: config.mqttUsername, password: config.mqttPassword, acceptor, writer, log });
			onStop('alarm-watch', () => watch.stop());
		}
		const mqttUrl = config.mqttUrl ?? broker!.url;
		const brokerOk = () => (bridge ? bridge.connected : true);

		// One scheduler for every due time (escalation, device silence, test expiry), run by one
		// process at a time; each firing is a command, decided again under its stream's lock.
		const timers = createTimers(run, settings);
		const schedulerLog = log.child({ component: 'scheduler' });
		const scheduler = createScheduler({
			sql,
			clock,
			log: schedulerLog,
			metrics,
			timeoutMs: config.dbTimeoutMs + 2000,
			fire: async (item) => {
				const timer = timers[item.kind];
				if (!timer) return schedulerLog.warn({ item }, 'a due item of an unknown kind: left alone');
				await timer(item);
			}
		});
		// Commits may set an item due now (a window started for 0 s, a catch-up after downtime).
		bus.subscribe(() => void scheduler.wake());
		// Keyframes of every site's projections, so a state read replays at most KEYFRAME_EVERY events.
		const keyframes = new KeyframeWriter({ sql, registry: siteProjections, every: config.keyframeEvery, log: log.child({ component: 'keyframes' }) });
		bus.subscribe((batch) => keyframes.noteCommitted(batch));
		onStop('keyframes', () => keyframes.stop());
		scheduler.start();
		onStop('scheduler', () => scheduler.stop());
		// Notifications leave through the outbox the notifications projection fills in the raising transaction.
		onStop('notification-outbox', startNotificationOutbox({ sql, clock, log: log.child({ component: 'outbox' }), origin: config.origin, bus }));
		const detach = attachRealtime(io, {
			sql,
			projections,
			clock,
			log,
			metrics,
			heartbeat: () => ({ lastIngestAt: writer.lastCommitAt?.toISOString() ?? null, degraded: !writer.healthy }),
			authenticate: ({ cookie, authorization, token }) =>
				identify(sql, {
					sessionToken: cookie ? parseCookies(cookie)[SESSION_COOKIE] : undefined,
					bearer: typeof token === 'string' ? token : bearerOf(authorization)
				})
		});
		onStop('realtime', detach);
		const sessionWatch = startSessionWatch({ io, sql, log: log.child({ component: 'session-watch' }), everyMs: config.sessionCheckSeconds * 1000 });
		onStop('session-watch', () => sessionWatch.stop());
		// For the watchdog process: who watches each site, and its own copy of where to send.
		const siteWatchers = new SiteWatchers(io);
		onStop('site-watchers', followSites(siteWatchers, { sql, bus, log }));
		const watchdogChannels = createWatchdogChannelsCopy({ sql, dataDir: config.dataDir, log: log.child({ component: 'watchdog' }), now: () => new Date() });
		await watchdogChannels.refresh();

		const authDeps = { sql, run, log: log.child({ component: 'auth' }) };
		const signInSweep = startSignInSweep(authDeps);
		onStop('sign-in sweep', () => signInSweep.stop());
		let demoCredentials: DemoCredential[] = [];
		if (config.demo) demoCredentials = await startDemo(authDeps, { config, devices, mqttUrl, log, onStop });
		else await ensureAdmin(authDeps, config.adminPassword);
		const setupToken = await createSetupToken(sql, config);
		if (setupToken) {
			console.log(`\n  No administrator yet. Create one at /setup with this one-time set-up token:\n    ${setupToken}\n  (or start with ADMIN_PASSWORD set).\n`);
		}

		await keyframes.start();
		log.info({ database: pg ? 'embedded' : 'external', mqtt: broker ? 'embedded' : 'external', mqttUrl }, 'runtime started');
		return {
			config,
			log,
			sql,
			db,
			metrics,
			writer,
			acceptor,
			projections,
			run,
			clock,
			getSnapshot: (site) => getSiteSnapshot(sql, site, siteProjections, clock.now()),
			readState: (site, target) => readSiteState(sql, siteProjections, site, target ?? { now: clock.now() }),
			devices,
			disconnectDevice(username) {
				devices.forget(username);
				broker?.disconnect(username);
			},
			demoCredentials,
			setupToken,
			disconnectSession: (id) => endSessionSockets(io, [sessionRoom(id)], 'signed_out'),
			disconnectUser: (id) => endSessionSockets(io, [userRoom(id)], 'ended'),
			disconnectToken: (id) => endSessionSockets(io, [tokenRoom(id)], 'ended'),
			incidentCommand: (user, id, command) => runIncidentCommand(run, user, id, command),
			startTest: (user, site, input) => startTest(run, user, site, input),
			endTest: (user, site, target) => endTest(run, user, site, target),
			importSite: (user, bundle, opts) => importSiteBundle(run, bundle, { kind: 'user', id: user.id }, opts),
			health: (token) =>
				checkHealth({ sql, writer, brokerOk, embedded: { database: !!pg, broker: !!broker }, sites: siteWatchers, watchdogToken: opts.watchdogToken ?? null }, token),
			refreshWatchdogChannels: () => watchdogChannels.refresh(),
			stop: stopAll
		};
	} catch (err) {
		await stopAll();
		throw err;
	}
}
