import { describe, expect, it } from 'vitest';
import { mosquittoFiles, sessionQueueFor } from './mosquitto-export';
import { MAX_PACKET_BYTES } from './packet-size';

describe('mosquitto export', () => {
	const opts = { bridgePassword: 'a-bridge-password-of-length', bridgeConnections: 4, dir: '/etc/mosquitto/shouwang', listener: { port: 1883 } };

	it('sizes each bridge session for its share of the outage, twice over, never below 10,000', () => {
		expect(sessionQueueFor({ ratePerSecond: 500, minutes: 30 }, 128)).toBe(14_063);
		expect(sessionQueueFor({ ratePerSecond: 500, minutes: 30 }, 4)).toBe(450_000);
		expect(sessionQueueFor({ ratePerSecond: 1, minutes: 1 }, 128)).toBe(10_000);
	});

	it('writes a production config: no anonymous clients, durable sessions, queues sized for the outage', () => {
		const { conf, passwd } = mosquittoFiles([], { ...opts, outage: { ratePerSecond: 1000, minutes: 60 } });
		const settings = new Map(
			conf
				.split('\n')
				.filter((l) => l && !l.startsWith('#'))
				.map((l) => [l.split(' ')[0], l.slice(l.indexOf(' ') + 1)])
		);
		expect(settings.get('allow_anonymous')).toBe('false');
		expect(settings.get('persistence')).toBe('true');
		expect(settings.get('max_queued_messages')).toBe(String(sessionQueueFor({ ratePerSecond: 1000, minutes: 60 }, 4)));
		expect(settings.get('queue_qos0_messages')).toBe('false');
		expect(settings.get('use_username_as_clientid')).toBe('true');
		// Every valid message fits (64 KiB payload and its topic); Mosquitto's default is no limit.
		expect(Number(settings.get('max_packet_size'))).toBe(MAX_PACKET_BYTES);
		expect(MAX_PACKET_BYTES).toBeGreaterThan(64 * 1024 + 160);
		expect(MAX_PACKET_BYTES).toBeLessThanOrEqual(66 * 1024);
		expect(settings.get('check_retain_source')).toBe('true');
		// persistence_location is the main config's: set twice, Mosquitto refuses to start.
		expect(settings.has('persistence_location')).toBe(false);
		// The listener comes before the listener-level setting.
		expect(conf.indexOf('listener 1883')).toBeLessThan(conf.indexOf('use_username_as_clientid'));
		// Four bridge connections and the alarm watch.
		expect(passwd.trim().split('\n').map((l) => l.split(':')[0])).toEqual([
			'shouwang-bridge',
			'shouwang-bridge-1',
			'shouwang-bridge-2',
			'shouwang-bridge-3',
			'shouwang-bridge-alarms'
		]);
	});
});
