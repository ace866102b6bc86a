import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { ChannelConfig } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Trouble, WatchdogAlert } from '$lib/domain/notification/watchdog';
import type { SendResult } from '../channels/send-result';
import { AlertSender } from './alert-sender';
import type { WatchdogChannel } from './channels-file';
import { durationLabel, renderAlert } from './render';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const trouble = (over: Partial<Trouble> = {}): Trouble => ({ kind: 'database_down', site: null, since: new Date(T0).toISOString(), toldAt: null, told: 1, ...over });
const alert = (phase: WatchdogAlert['phase'], t: Trouble, afterS: number): WatchdogAlert => ({ phase, trouble: t, at: new Date(T0 + afterS * 1000).toISOString(), id: `watchdog-${t.kind}${t.site ? `:${t.site}` : ''}-${T0}-${phase === 'recovered' ? 'r' : t.told}` });
const ctx = { siteName: (site: string, locale: string) => `${site}@${locale}`, origin: 'https://console.example.com' };

describe('watchdog messages', () => {
	it('say the trouble and how long it has lasted, in the channel language', () => {
		expect(renderAlert(alert('started', trouble(), 45), 'en', ctx)).toEqual({
			title: 'Shouwang: database unreachable',
			text: 'The control room has not reached its database for 45 s: new alarms and scans are not being stored, and consoles may show stale data.',
			severity: 'critical',
			link: 'https://console.example.com/',
			at: new Date(T0 + 45_000).toISOString(),
			kind: 'watchdog_database_down'
		});
		expect(renderAlert(alert('started', trouble(), 45), 'zh-CN', ctx).title).toBe('守望：数据库无法访问');
		expect(renderAlert(alert('started', trouble(), 45), 'zh-TW', ctx).title).toBe('守望：資料庫無法存取');
	});

	it('number a reminder, mark a recovery as info, and name a site in the channel language', () => {
		expect(renderAlert(alert('repeated', trouble({ told: 3 }), 7300), 'en', ctx).title).toBe('Shouwang: database unreachable (reminder 2)');
		const back = renderAlert(alert('recovered', trouble(), 600), 'en', { siteName: ctx.siteName });
		expect(back).toMatchObject({ title: 'Recovered: Shouwang: database unreachable', text: 'Back to normal after 10 min.', severity: 'info', link: null, kind: 'watchdog_database_down_recovered' });
		const site = renderAlert(alert('started', trouble({ kind: 'site_unwatched', site: 'east' }), 900), 'zh-TW', ctx);
		expect(site).toMatchObject({ title: '守望：east@zh-TW 無控制台監看', link: 'https://console.example.com/?site=east', kind: 'watchdog_site_unwatched' });
		expect(durationLabel(3 * 3600_000, 'zh-CN')).toBe('3 小时');
	});
});

describe('AlertSender', () => {
	const log = pino({ level: 'silent' });
	const channel = (id: string, sites: string[] | null = null, locale: 'en' | 'zh-CN' = 'en'): WatchdogChannel => ({
		id,
		name: id,
		sites,
		config: { kind: 'webhook', url: `http://127.0.0.1:9/${id}`, secret: 'x'.repeat(16), locale } as ChannelConfig
	});

	function setup(answers: SendResult[]) {
		let now = T0;
		const sent: { channel: string; kinds: string[]; titles: string[]; id: string }[] = [];
		const send = async (config: ChannelConfig, messages: readonly OutboundMessage[], id: string): Promise<SendResult> => {
			sent.push({ channel: (config as { url: string }).url.split('/').pop()!, kinds: messages.map((m) => m.kind), titles: messages.map((m) => m.title), id });
			return answers.shift() ?? { ok: true };
		};
		const sender = new AlertSender({ send, log, render: ctx, now: () => now });
		return { sender, sent, advance: (ms: number) => (now += ms) };
	}

	it('sends each channel one delivery with every alert for it, in its language; a site trouble only where the channel covers the site', async () => {
		const { sender, sent } = setup([]);
		const alerts = [alert('started', trouble(), 30), alert('started', trouble({ kind: 'site_unwatched', site: 'east' }), 600)];
		await sender.send(alerts, [channel('all', null, 'zh-CN'), channel('west', ['west'])]);
		expect(sent).toEqual([
			{ channel: 'all', kinds: ['watchdog_database_down', 'watchdog_site_unwatched'], titles: ['守望：数据库无法访问', '守望：east@zh-CN 无控制台监看'], id: `watchdog-database_down-${T0}-1+1/all` },
			{ channel: 'west', kinds: ['watchdog_database_down'], titles: ['Shouwang: database unreachable'], id: `watchdog-database_down-${T0}-1/west` }
		]);
		expect(sender.pending).toBe(0);
	});

	it('tries a failed delivery again after its back-off with the same id, and drops one the channel refuses for good', async () => {
		const { sender, sent, advance } = setup([
			{ ok: false, retryable: true, reason: 'http_503' },
			{ ok: false, retryable: false, reason: 'http_404' }
		]);
		await sender.send([alert('started', trouble(), 30)], [channel('flaky'), channel('wrong')]);
		expect(sent.map((s) => s.channel)).toEqual(['flaky', 'wrong']);
		expect(sender.pending).toBe(1);
		advance(4_000);
		await sender.sendDue();
		expect(sent).toHaveLength(2);
		advance(1_000);
		await sender.sendDue();
		expect(sent.map((s) => s.id)).toEqual([`watchdog-database_down-${T0}-1/flaky`, `watchdog-database_down-${T0}-1/wrong`, `watchdog-database_down-${T0}-1/flaky`]);
		expect(sender.pending).toBe(0);
	});
});
