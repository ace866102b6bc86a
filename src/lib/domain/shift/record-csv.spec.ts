import { describe, expect, it } from 'vitest';
import type { Incident } from '../incident/model';
import type { Shift } from './model';
import { formatShiftRecordCsv, SHIFT_CSV_COLUMNS } from './record-csv';

const at = (m: number) => new Date(Date.UTC(2026, 11, 1, 0, m)).toISOString();
const shift: Shift = {
	id: 'S4',
	startedAt: at(0),
	startedBy: 'u-li',
	operators: [
		{ user: 'u-li', joinedAt: at(0), leftAt: at(60) },
		{ user: 'u-wu', joinedAt: at(5), leftAt: at(60) }
	],
	managerOnDuty: 'u-wang',
	sites: null,
	previous: 'S3',
	log: [
		{ n: 1, kind: 'call', text: '业主来电：1802 有燃气味', at: at(10), by: 'u-li' },
		{ n: 2, kind: 'note', text: '=HYPERLINK("x")', at: at(20), by: 'u-wu' }
	],
	handover: {
		proposedAt: at(50),
		proposedBy: 'u-wu',
		next: { operators: ['u-chen'], managerOnDuty: 'u-wang' },
		openIncidents: [{ id: 'a:9', site: 'a', kind: 'gas', severity: 'critical', status: 'acknowledged', openedAt: at(11), zone: 'T1', drill: false }],
		unfinishedChecklists: [{ incident: 'a:9', site: 'a', procedure: 'gas', version: 2, settled: 1, total: 5, overdue: 1 }],
		notes: 'Gas company on the way',
		outgoing: { by: 'u-wu', at: at(58) },
		incoming: { by: 'u-chen', at: at(60) }
	},
	endedAt: at(60),
	next: 'S5',
	lastSeq: 40
};
const incident = { id: 'a:9', site: 'a', alarmType: 'gas', status: 'acknowledged', severity: 'critical', openedAt: at(11), acknowledgedBy: 'u-li', resolvedAt: null, zone: 'T1', text: null } as unknown as Incident;
const names = { 'u-li': '李明', 'u-wu': 'Wu Fang', 'u-wang': 'Manager Wang', 'u-chen': '陈静' };

describe('shift record CSV', () => {
	const csv = formatShiftRecordCsv({ shift, incidents: [incident], names, siteNames: {}, timeZone: 'UTC', readAt: at(61) });
	const lines = csv.slice(1).split('\r\n').filter(Boolean);

	it('starts with a byte-order mark and the header, one row per fact in the printed order', () => {
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(lines[0]).toBe(SHIFT_CSV_COLUMNS.join(','));
		expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
			'shift',
			'shift',
			'operator',
			'operator',
			'incident',
			'log',
			'log',
			'handover_incident',
			'handover_checklist',
			'handover_notes',
			'signature',
			'signature',
			'shift'
		]);
	});

	it('names people, keeps the Chinese as it was written, and defuses formulas', () => {
		expect(lines).toContain(`log,${at(10)},,call,,1,,,李明,业主来电：1802 有燃气味`);
		expect(lines).toContain(`signature,${at(58)},,outgoing,,,signed,,Wu Fang,`);
		expect(lines).toContain(`signature,${at(60)},,incoming,,,signed,,陈静,`);
		expect(lines).toContain(`handover_checklist,,,gas@2,a,a:9,1/5,,,overdue 1`);
		expect(lines).toContain(`incident,${at(11)},,gas,a,a:9,acknowledged,critical,李明,T1`);
		const formula = lines.find((l) => l.startsWith('log') && l.includes('HYPERLINK'))!;
		expect(formula).toContain(`"'=HYPERLINK(""x"")"`);
	});
});
