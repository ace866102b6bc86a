import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import type { AlarmRejectedPayload } from '../../src/lib/realtime/contract';

// An alarm that passes validation but the database refuses (jsonb holds no lone surrogate) is
// dead-lettered, and the consoles are told, so one shown as "not yet stored" does not stay so.
let app: RunningApp;
const site = uniqueId('rej');
beforeAll(async () => {
	app = await startApp();
	await createSite(app.sql, site);
});
afterAll(async () => {
	await app?.dispose();
});

it('tells the site’s consoles when the database refuses an alarm, and keeps it as a dead letter', async () => {
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	const watcher = await connectDashboard(app.baseUrl, app.cookie);
	const rejected: AlarmRejectedPayload[] = [];
	watcher.socket.on('alarm:rejected', (p) => rejected.push(p));
	try {
		expect((await watcher.join(site, 0)).ok).toBe(true);
		await device.publish('alarms', alarmBody('poison-1', { text: 'smoke \ud800 detector' }));
		await device.publish('alarms', alarmBody('fine-1'));
		const [r] = await waitFor(() => (rejected.length ? rejected : undefined), 10_000, 'alarm:rejected');
		expect(r).toMatchObject({ site, alarm: { site, id: 'poison-1', type: 'AlarmRaised', source: { kind: 'device', id: 'FAP-1' } } });
		expect(r.reasons.join()).toMatch(/rejected by the database/);
		await waitFor(() => watcher.events(site).find((e) => e.id === 'fine-1'), 10_000, 'the next alarm stored');
		expect(rejected.map((p) => p.alarm.id)).toEqual(['poison-1']);
		const [letter] = await app.sql<{ reason: string }[]>`select reason from dead_letter where site = ${site} and device = 'FAP-1'`;
		expect(letter.reason).toMatch(/rejected by the database/);
	} finally {
		watcher.close();
		await device.close();
	}
});
