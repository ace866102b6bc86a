import type { Sql } from '../db/client';
import type { Logger } from '../log';
import { countSites } from '../domain/site/queries';
import { upsertSite } from '../domain/site/commands';
import { demoEstate } from './estate';
import { startSimulator } from './simulator';

/** Load the demo estate into an empty database; a database that has sites is left alone. */
export async function seedDemo(sql: Sql, log: Logger): Promise<void> {
	if ((await countSites(sql)) > 0) return;
	await upsertSite(sql, demoEstate);
	log.info({ site: demoEstate.site.id }, 'demo estate loaded');
}

/** The demo's live traffic: the simulator's devices over a real MQTT connection. */
export function startDemoTraffic(opts: { mqttUrl: string; username?: string; password?: string; rate: number; log: Logger }) {
	return startSimulator({
		mqttUrl: opts.mqttUrl,
		username: opts.username,
		password: opts.password,
		bundle: demoEstate,
		ratePerSecond: opts.rate,
		log: opts.log.child({ component: 'simulator' })
	});
}
