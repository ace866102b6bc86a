import { describe, expect, it } from 'vitest';
import { makePatrolLog } from '../../../../tests/fixtures/patrol-log';
import type { Row, SiteProjection } from '../projection';
import { SiteReplay, type Keyframe } from '../replay';
import { rounds } from './rounds-projection';

const zone = 'Asia/Shanghai';
const rules = [rounds] as SiteProjection<unknown, Row>[];

/** Three days of one route at 10:00 Shanghai (02:00Z): walked on the 22nd, missed on the 23rd, begun on the 24th, then more. */
function threeDays() {
	const log = makePatrolLog();
	// Its windows closed while the timer was down: still active, however old.
	log.scheduled('r20', '2026-11-20T02:00:00Z');
	log.scheduled('r22', '2026-11-22T02:00:00Z');
	log.scanned('G1', 'A', '2026-11-22T02:00:00Z');
	log.scanned('G1', 'B', '2026-11-22T02:10:00Z');
	log.scanned('G1', 'C', '2026-11-22T02:20:00Z');
	log.scanned('G1', 'Z', '2026-11-22T03:00:00Z', '2026-11-22T03:00:00Z', { unknown: true });
	log.scheduled('r23', '2026-11-23T02:00:00Z');
	for (const [cp, at] of [['A', '02:05'], ['B', '02:15'], ['C', '02:25']]) log.closed('r23', cp, `2026-11-23T${at}:00Z`);
	log.scanned('G2', 'Q', '2026-11-23T05:00:00Z', '2026-11-23T05:00:00Z', { unknown: true });
	log.scheduled('r24', '2026-11-24T02:00:00Z');
	log.scanned('G1', 'A', '2026-11-24T02:01:00Z');
	const cut = log.events.length;
	log.scanned('G1', 'B', '2026-11-24T02:09:00Z');
	log.closed('r24', 'C', '2026-11-24T02:25:00Z');
	log.other('2026-11-24T03:00:00Z');
	log.scheduled('r25', '2026-11-25T02:00:00Z');
	log.scanned('G1', 'A', '2026-11-25T02:02:00Z', '2026-11-25T02:02:00Z', { unknown: true });
	return { events: log.events, cut };
}

const ids = (rows: Row[]) => rows.map((r) => r.id).sort();

describe('the rounds projection', () => {
	it('a keyframe keeps active rounds and what finished since the site’s day before', () => {
		const { events, cut } = threeDays();
		const replay = new SiteReplay('s1', rules, null, zone);
		for (const e of events.slice(0, cut)) replay.apply(e);
		expect(ids(replay.rows('rounds')!)).toEqual(['r20', 'r22', 'r23', 'r24', 'scan/11', 'scan/6']);
		expect(ids(replay.keyframe().rows.rounds)).toEqual(['r20', 'r23', 'r24', 'scan/11']);
	});

	it('restored from its keyframe, continues exactly like the state it was cut from', () => {
		const { events, cut } = threeDays();
		const whole = new SiteReplay('s1', rules, null, zone);
		for (const e of events.slice(0, cut)) whole.apply(e);
		const keyframe = JSON.parse(JSON.stringify(whole.keyframe())) as Keyframe;
		const resumed = new SiteReplay('s1', rules, keyframe, zone);
		expect(resumed.keyframe()).toEqual(keyframe);
		for (const e of events.slice(cut)) {
			whole.apply(e);
			resumed.apply(e);
			expect(resumed.keyframe()).toEqual(whole.keyframe());
		}
		const at = new Date('2026-11-25T03:00:00Z');
		expect(resumed.view(at)).toEqual(whole.view(at));
		expect(ids(resumed.keyframe().rows.rounds)).toEqual(['r20', 'r24', 'r25', 'scan/18']);
		const r24 = resumed.rows('rounds')!.find((r) => r.id === 'r24');
		expect(r24).toMatchObject({ status: 'incomplete', compliance: 2 / 3 });
	});

	it('a console sees active rounds and those finished since the day before `at`', () => {
		const { events } = threeDays();
		const replay = new SiteReplay('s1', rules, null, zone);
		for (const e of events) replay.apply(e);
		expect(ids(replay.view(new Date('2026-11-23T12:00:00Z')).rounds)).toEqual(['r20', 'r22', 'r23', 'r24', 'r25', 'scan/11', 'scan/18', 'scan/6']);
		expect(ids(replay.view(new Date('2026-11-25T12:00:00Z')).rounds)).toEqual(['r20', 'r24', 'r25', 'scan/18']);
	});
});
