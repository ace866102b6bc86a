import { describe, expect, it } from 'vitest';
import { checkEventData } from '../events';
import { NOTICE_KINDS, NOTIFICATION_KINDS, NOTIFICATION_SEVERITY } from './model';
import { initialWatchdogState, observeAppStopped, observeHealth, type HealthReading, type Observation, type WatchdogAlert, type WatchdogSettings, type WatchdogState } from './watchdog';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const iso = (s: number) => at(s).toISOString();
const settings: WatchdogSettings = { graceMs: 30_000, repeatMs: 3_600_000, unwatchedMs: 600_000, stallMs: 30_000, unreachablePolls: 3, startupGraceMs: 120_000 };

const healthy = (over: Partial<HealthReading> = {}): Observation => ({
	reachable: true,
	health: { database: true, broker: true, ingest: { waiting: 0, oldestWaitingAt: null, lastCommitAt: null }, sites: [], ...over }
});
const silent: Observation = { reachable: false };

/** Feed observations at the given seconds; every alert with the second it came at. */
function run(steps: [number, Observation][], state: WatchdogState = initialWatchdogState(at(0))) {
	const alerts: (WatchdogAlert & { s: number })[] = [];
	for (const [s, obs] of steps) {
		const next = observeHealth(state, obs, at(s), settings);
		state = next.state;
		alerts.push(...next.alerts.map((a) => ({ ...a, s })));
	}
	return { state, alerts, told: alerts.map((a) => `${a.s} ${a.phase} ${a.trouble.kind}${a.trouble.site ? `:${a.trouble.site}` : ''}`) };
}
const every = (from: number, to: number, step: number, obs: Observation): [number, Observation][] =>
	Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => [from + i * step, obs]);

describe('the watchdog rule', () => {
	it('tells a database outage once it has lasted the grace, then when it clears', () => {
		const down = healthy({ database: false });
		const { told } = run([...every(0, 60, 5, down), [65, healthy()], [70, healthy()]]);
		expect(told).toEqual(['30 started database_down', '65 recovered database_down']);
	});

	it('tells nobody of a blip shorter than the grace', () => {
		const { told, state } = run([[0, healthy({ database: false })], [25, healthy({ database: false })], [30, healthy()], [90, healthy()]]);
		expect(told).toEqual([]);
		expect(state.troubles).toEqual({});
	});

	it('repeats every hour while it lasts, each with its own delivery id', () => {
		const down = healthy({ database: false });
		const { alerts, told } = run(every(0, 2 * 3600 + 40, 10, down));
		expect(told).toEqual(['30 started database_down', '3630 repeated database_down', '7230 repeated database_down']);
		expect(new Set(alerts.map((a) => a.id)).size).toBe(3);
		expect(alerts.map((a) => a.trouble.told)).toEqual([1, 2, 3]);
	});

	it('gives the same delivery id for the same alert, whatever the reading', () => {
		const down = healthy({ database: false });
		const a = run([[0, down], [30, down]]).alerts[0];
		const b = run([[0, down], [31, down]]).alerts[0];
		expect(a.id).toBe(b.id);
		expect(a.id).toBe(`watchdog-database_down-${T0}-1`);
	});

	it('counts the app unreachable after a run of failed checks plus the grace, and keeps other troubles as they were', () => {
		const down = healthy({ database: false });
		const { told } = run([...every(0, 40, 5, down), ...every(45, 120, 5, silent), [125, healthy()]]);
		// Silent from 45 (first failure); three failures by 55; told at 75 (45 + the grace).
		expect(told).toEqual(['30 started database_down', '75 started app_unreachable', '125 recovered database_down', '125 recovered app_unreachable']);
	});

	it('gives a starting app its start-up grace before it counts as unreachable', () => {
		const { told } = run(every(0, 200, 10, silent));
		expect(told).toEqual(['120 started app_unreachable']);
	});

	it('says the ingest stalled only with the database and broker up, messages waiting and no commit for the stall time', () => {
		const stalled = (waiting: number, oldest: number, commit: number | null): Observation =>
			healthy({ ingest: { waiting, oldestWaitingAt: iso(oldest), lastCommitAt: commit === null ? null : iso(commit) } });
		// Waiting since 0, last commit at 0: stalled from 30, told at 60 (after the grace).
		const { told, alerts } = run([...every(0, 60, 10, stalled(5, 0, 0)), [70, healthy()]]);
		expect(told).toEqual(['60 started ingest_stalled', '70 recovered ingest_stalled']);
		expect(alerts[0].trouble.waiting).toBe(5);
		// Busy, not stalled: the oldest has waited long but commits go on.
		expect(run(every(0, 120, 10, stalled(900, 0, 0)).map(([s]) => [s, stalled(900, 0, s)])).told).toEqual([]);
		// A message that just arrived after a quiet hour has not stalled anything.
		expect(run([[0, stalled(1, 0, -3600)], [10, healthy()]]).told).toEqual([]);
		// The database down: that is the trouble told, not a stall as well.
		const dbDown = healthy({ database: false, ingest: { waiting: 9, oldestWaitingAt: iso(-100), lastCommitAt: iso(-100) } });
		expect(run(every(0, 60, 10, dbDown)).told).toEqual(['30 started database_down']);
	});

	it('tells of a site nobody watches once it has had no console for the set time, and when one joins', () => {
		const sites = (consoles: number, since: number | null) => healthy({ sites: [{ id: 'east', consoles, unwatchedSince: since === null ? null : iso(since) }, { id: 'west', consoles: 2, unwatchedSince: null }] });
		const { told, alerts } = run([[0, sites(0, 0)], [599, sites(0, 0)], [600, sites(0, 0)], [605, sites(0, 0)], [700, sites(1, null)]]);
		expect(told).toEqual(['600 started site_unwatched:east', '700 recovered site_unwatched:east']);
		expect(alerts[0].trouble.since).toBe(iso(0));
		// A reading that leaves the sites out says nothing of them.
		expect(run([[0, sites(0, -600)], [10, healthy({ sites: null })], [20, healthy({ sites: null })]]).told).toEqual(['0 started site_unwatched:east']);
		// Off with 0 minutes.
		const off = observeHealth(initialWatchdogState(at(0)), sites(0, -6000), at(0), { ...settings, unwatchedMs: 0 });
		expect(off.alerts).toEqual([]);
	});

	it('tells of the app stopping at once, once an hour at most, and of its return when it answers', () => {
		let state = initialWatchdogState(at(0));
		const first = observeAppStopped(state, at(0), settings);
		expect(first.alerts.map((a) => a.phase)).toEqual(['started']);
		// A restarted watchdog keeps the told trouble; the app failing again within the hour is the same trouble.
		state = initialWatchdogState(at(20), Object.values(first.state.troubles));
		expect(observeAppStopped(state, at(20), settings).alerts).toEqual([]);
		expect(observeAppStopped(state, at(3600), settings).alerts.map((a) => `${a.phase} ${a.trouble.told}`)).toEqual(['repeated 2']);
		// Still silent: it stays (and is not mistaken for cleared); answering clears it.
		const { told } = run([[30, silent], [40, healthy()]], state);
		expect(told).toEqual(['40 recovered app_stopped']);
	});
});

describe('the watchdog kind', () => {
	it('is a kind a channel takes, critical, but never a notification anyone raises or a person picks', () => {
		expect(NOTIFICATION_KINDS).toContain('watchdog');
		expect(NOTIFICATION_SEVERITY.watchdog).toBe('critical');
		expect(NOTICE_KINDS).not.toContain('watchdog');
		const raised = { notification: 's:1:watchdog', kind: 'watchdog', ref: { type: 'incident', id: 'i' }, params: {}, to: ['u'], channels: [], repeatEvery: null };
		expect(checkEventData('NotificationRaised', raised)).not.toBeNull();
		expect(checkEventData('NotificationRaised', { ...raised, kind: 'incident_escalated' })).toBeNull();
	});
});
