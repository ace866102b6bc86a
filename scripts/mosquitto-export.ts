// `npm run mosquitto:export -- <dir> [--listen [host:]port] [--outage RATE:MINUTES]`: write an external Mosquitto's password file, ACL file and
// config snippet from the database, configured as the app is (DATABASE_URL, or the embedded
// server in DATA_DIR while the app runs). The bridge's password comes from MQTT_URL
// (mqtt://shouwang-bridge:secret@host:1883) or MQTT_USERNAME/MQTT_PASSWORD.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseConfig } from '../src/lib/server/config';
import { createDatabase } from '../src/lib/server/db/client';
import { getCliDbTarget } from '../src/lib/server/db/cli-target';
import { DEFAULT_OUTAGE, exportMosquitto } from '../src/lib/server/mqtt/mosquitto-export';
import { BRIDGE_USERNAME } from '../src/lib/server/mqtt/acl';

function fail(message: string): never {
	console.error(`mosquitto:export: ${message}`);
	process.exit(2);
}

const config = parseConfig(process.env);
const args = process.argv.slice(2);
const listenAt = args.indexOf('--listen');
const listen = listenAt >= 0 ? args.splice(listenAt, 2)[1] : '1883';
const listenMatch = /^(?:(.+):)?(\d{1,5})$/.exec(listen ?? '');
if (!listenMatch) fail('--listen takes [host:]port, e.g. 1883 or 127.0.0.1:1883');
const listener = { port: Number(listenMatch[2]), host: listenMatch[1] };
// The outage the bridge's queues must hold, e.g. 500:30 (500 msg/s for 30 minutes, the default).
const outageAt = args.indexOf('--outage');
const outageArg = outageAt >= 0 ? args.splice(outageAt, 2)[1] : undefined;
const outageMatch = outageArg === undefined ? null : /^(\d+):(\d+)$/.exec(outageArg);
if (outageArg !== undefined && !outageMatch) fail('--outage takes RATE:MINUTES, e.g. 500:30 for 500 messages/s over 30 minutes');
const outage = outageMatch ? { ratePerSecond: Number(outageMatch[1]), minutes: Number(outageMatch[2]) } : DEFAULT_OUTAGE;
const dir = path.resolve(args[0] ?? 'mosquitto');
const username = config.mqttUsername ?? '';
const password = config.mqttPassword ?? '';
if (username !== BRIDGE_USERNAME) fail(`the bridge signs in as ${BRIDGE_USERNAME}: set MQTT_URL=mqtt://${BRIDGE_USERNAME}:<password>@host:1883`);
if (password.length < 16) fail('the bridge password (in MQTT_URL or MQTT_PASSWORD) must be at least 16 characters');

const { sql, close } = createDatabase(getCliDbTarget(config), config.dbTimeoutMs, 1);
try {
	const files = await exportMosquitto(sql, { bridgePassword: password, bridgeConnections: config.mqttBridgeConnections, dir, listener, outage });
	await fs.mkdir(dir, { recursive: true });
	await fs.writeFile(path.join(dir, 'passwd'), files.passwd, { mode: 0o640 });
	await fs.writeFile(path.join(dir, 'acl'), files.acl, { mode: 0o640 });
	await fs.writeFile(path.join(dir, 'shouwang.conf'), files.conf, { mode: 0o644 });
	const devices = files.passwd.trim().split('\n').length - config.mqttBridgeConnections - 1;
	console.log(`wrote ${dir}/passwd, ${dir}/acl and ${dir}/shouwang.conf (${devices} devices, ${config.mqttBridgeConnections} bridge connections)`);
	console.log(`in mosquitto.conf, instead of its own listener: include_dir ${dir}`);
	console.log('after device changes, export again and reload the broker: kill -HUP <mosquitto pid>');
} catch (err) {
	fail(`could not read the database: ${(err as Error).message}`);
} finally {
	await close();
}
