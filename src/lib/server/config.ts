import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ESCALATION, type EscalationConfig } from '$lib/domain/incident/escalation';
import { getListenHost } from './http/hosts';
import { TILE_DATUMS, type TileSource } from '$lib/domain/tile-source';

const flag = z
	.enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
	.transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce.number().int().min(0).max(65535);

/** The watchdog's settings: read by the app and, from the same environment, by the watchdog process. */
const watchdogSchema = z.object({
	WATCHDOG: flag.optional(),
	WATCHDOG_INTERVAL_SECONDS: z.coerce.number().min(0.2).max(300).default(5),
	WATCHDOG_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
	WATCHDOG_UNWATCHED_MINUTES: z.coerce.number().min(0).max(1440).default(10),
	DATA_DIR: z.string().default('./data'),
	ORIGIN: z
		.string()
		.regex(/^https?:\/\/[^/?#\s]+$/, 'must be the public origin only, like https://console.example.com')
		.optional(),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
});

const schema = z.object({
	DATABASE_URL: z.string().url().optional(),
	MQTT_URL: z.string().url().optional(),
	MQTT_PORT: port.optional(),
	MQTT_USERNAME: z.string().optional(),
	MQTT_PASSWORD: z.string().optional(),
	MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, 'must be 1–48 letters, digits, _ or -').default('shouwang-bridge'),
	MQTT_BRIDGE_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(128),
	PHOTO_DIR: z.string().optional(),
	EMBEDDED_PG_USER: z.string().default('postgres'),
	PORT: port.default(3000),
	HOST: z.string().optional(),
	DEMO: flag.optional(),
	SIMULATOR_RATE: z.coerce.number().min(0).max(10_000).default(2),
	DB_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
	DB_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
	ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
	ESCALATION_SECONDS: z
		.string()
		.regex(/^(critical|major|minor|warning)=\d+(,(critical|major|minor|warning)=\d+)*$/, 'must be like critical=60,major=180 (seconds, 0 = never)')
		.optional(),
	HEARTBEAT_GRACE_S: z.coerce.number().int().min(0).max(86_400).default(30),
	SESSION_CHECK_S: z.coerce.number().int().min(1).max(300).default(30),
	KEYFRAME_EVERY: z.coerce.number().int().min(10).max(1_000_000).default(2_000),
	MAP_TILE_URL: z
		.string()
		.regex(/^(https?:\/\/|\/)\S*\{z\}\S*$/, 'must be an http(s) or same-origin URL template with {x}, {y} and {z}')
		.refine((u) => u.includes('{x}') && u.includes('{y}'), 'must contain {x}, {y} and {z}')
		.optional(),
	MAP_TILE_COORDS: z.enum(TILE_DATUMS).default('wgs84'),
	MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
	MAP_TILE_SUBDOMAINS: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'must be the characters {s} takes, e.g. 1234 or abc').optional(),
	SHOUWANG_TEST_CLOCK: flag.optional()
}).extend(watchdogSchema.shape);

/** The environment, parsed once, typed and frozen. The only reader of process.env on the server. */
export interface Config {
	databaseUrl?: string;
	mqttUrl?: string;
	/** Embedded broker port; `explicit` says whether the operator chose it (then a clash is fatal). */
	mqttPort: { port: number; explicit: boolean };
	mqttUsername?: string;
	mqttPassword?: string;
	mqttClientId: string;
	/** External broker: subscriber connections sharing one subscription (`$share/…`) when > 1. */
	mqttBridgeConnections: number;
	dataDir: string;
	/** Where photos (findings', later work orders') are kept, named by the SHA-256 of their bytes: PHOTO_DIR, else `<DATA_DIR>/photos`. */
	photoDir: string;
	embeddedPgUser: string;
	port: number;
	host?: string;
	/** The address the host listens on (HOST, else loopback with the embedded database, else every interface). */
	listenHost: string;
	/** The public origin behind a TLS proxy (ORIGIN); requests naming another Host are refused. */
	origin?: string;
	/** Demo estate and simulator: on by default with embedded services, off with DATABASE_URL. */
	demo: boolean;
	simulatorRate: number;
	logLevel: string;
	dbTimeoutMs: number;
	/** Ingest transactions in flight at once (group commits overlapping). */
	dbWriteConcurrency: number;
	/** A keyframe of each site's projections every this many events: a state read replays at most that many. */
	keyframeEvery: number;
	/** First run only: creates the user `admin` with this password when no user exists. */
	adminPassword?: string;
	/** Seconds an incident may stay unacknowledged, per severity, before it escalates (and again each time). */
	escalation: EscalationConfig;
	/** A device silent for its heartbeat interval plus this is marked offline. */
	heartbeatGraceSeconds: number;
	/** How often connected sockets' sessions and tokens are checked again (and their sessions kept alive). */
	sessionCheckSeconds: number;
	/** Raster tiles under the site plan; undefined (the default) keeps the map free of outside requests. */
	mapTiles?: TileSource;
	/**
	 * Tests only (SHOUWANG_TEST_CLOCK=1): the runtime clock may be moved forward by the parent
	 * process over its IPC channel (see server/clock.ts). Never settable over HTTP.
	 */
	testClock: boolean;
	watchdog: WatchdogConfig;
}

/** The watchdog process (see notify/watchdog/main.ts): on unless WATCHDOG=off. */
export interface WatchdogConfig {
	enabled: boolean;
	/** How often it asks the app's health check. */
	intervalMs: number;
	/** How long a trouble lasts before it is told. */
	graceMs: number;
	/** A site with no console this long is told of; 0: never. */
	unwatchedMs: number;
	/** Where the app keeps the watchdog's channels (`watchdog-channels.json`) and the watchdog its state. */
	dataDir: string;
	origin?: string;
	logLevel: string;
}

/** Parse and complain as `parseConfig` does. */
function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const result = schema.safeParse(cleaned);
	if (!result.success) {
		const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return result.data;
}

/** The watchdog's part of the environment; the watchdog process reads only this. */
export function parseWatchdogConfig(env: Record<string, string | undefined>): WatchdogConfig {
	return watchdogOf(parseEnv(watchdogSchema, env));
}

function watchdogOf(e: z.infer<typeof watchdogSchema>): WatchdogConfig {
	return Object.freeze({
		enabled: e.WATCHDOG ?? true,
		intervalMs: Math.round(e.WATCHDOG_INTERVAL_SECONDS * 1000),
		graceMs: Math.round(e.WATCHDOG_GRACE_SECONDS * 1000),
		unwatchedMs: Math.round(e.WATCHDOG_UNWATCHED_MINUTES * 60_000),
		dataDir: path.resolve(e.DATA_DIR),
		origin: e.ORIGIN,
		logLevel: e.LOG_LEVEL
	});
}

export function parseConfig(env: Record<string, string | undefined>): Config {
	const e = parseEnv(schema, env);
	// Credentials in MQTT_URL are taken out of it, so every bridge connection can be given its own username.
	const mqttUrl = e.MQTT_URL ? new URL(e.MQTT_URL) : undefined;
	const urlUser = mqttUrl?.username ? decodeURIComponent(mqttUrl.username) : undefined;
	const urlPassword = mqttUrl?.password ? decodeURIComponent(mqttUrl.password) : undefined;
	if (mqttUrl) mqttUrl.username = mqttUrl.password = '';
	return Object.freeze({
		databaseUrl: e.DATABASE_URL,
		mqttUrl: mqttUrl?.toString(),
		mqttPort: { port: e.MQTT_PORT ?? 1883, explicit: e.MQTT_PORT !== undefined },
		mqttUsername: e.MQTT_USERNAME ?? urlUser,
		mqttPassword: e.MQTT_PASSWORD ?? urlPassword,
		mqttClientId: e.MQTT_CLIENT_ID,
		mqttBridgeConnections: e.MQTT_BRIDGE_CONNECTIONS,
		dataDir: path.resolve(e.DATA_DIR),
		photoDir: path.resolve(e.PHOTO_DIR ?? path.join(e.DATA_DIR, 'photos')),
		embeddedPgUser: e.EMBEDDED_PG_USER,
		port: e.PORT,
		host: e.HOST,
		listenHost: getListenHost(e.HOST, !!e.DATABASE_URL),
		origin: e.ORIGIN,
		demo: e.DEMO ?? !e.DATABASE_URL,
		simulatorRate: e.SIMULATOR_RATE,
		logLevel: e.LOG_LEVEL,
		dbTimeoutMs: e.DB_TIMEOUT_MS,
		dbWriteConcurrency: e.DB_WRITE_CONCURRENCY,
		keyframeEvery: e.KEYFRAME_EVERY,
		adminPassword: e.ADMIN_PASSWORD,
		escalation: { ...DEFAULT_ESCALATION, ...Object.fromEntries((e.ESCALATION_SECONDS?.split(',') ?? []).map((p) => [p.split('=')[0], Number(p.split('=')[1])])) },
		heartbeatGraceSeconds: e.HEARTBEAT_GRACE_S,
		sessionCheckSeconds: e.SESSION_CHECK_S,
		mapTiles: e.MAP_TILE_URL ? { url: e.MAP_TILE_URL, datum: e.MAP_TILE_COORDS, attribution: e.MAP_TILE_ATTRIBUTION, subdomains: e.MAP_TILE_SUBDOMAINS } : undefined,
		testClock: e.SHOUWANG_TEST_CLOCK ?? false,
		watchdog: watchdogOf(e)
	});
}
