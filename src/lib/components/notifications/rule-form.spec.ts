import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from '$lib/domain/notification/model';
import { rowsOfRules, rulesOfRows } from './rule-form';

describe('the notification settings form', () => {
	it('has a row per kind, repeats off at 15 minutes unless saved otherwise', () => {
		const rows = rowsOfRules([{ kind: 'ticket_escalated', channels: ['ch-1'], repeatEvery: 5 }]);
		expect(rows.map((r) => r.kind)).toEqual([...NOTICE_KINDS]);
		expect(rows.find((r) => r.kind === 'ticket_escalated')).toEqual({ kind: 'ticket_escalated', channels: ['ch-1'], repeat: true, minutes: '5' });
		expect(rows.find((r) => r.kind === 'ticket_assigned')).toEqual({ kind: 'ticket_assigned', channels: [], repeat: false, minutes: '15' });
	});

	it('saves only the rows that ask for something, and round-trips', () => {
		const rows = rowsOfRules([]);
		rows[0].channels = ['ch-1', 'ch-2', 'ch-1'];
		rows[2].repeat = true;
		rows[2].minutes = ' 30 ';
		const saved = rulesOfRows(rows);
		expect(saved).toEqual({ ok: true, rules: [
			{ kind: 'ticket_assigned', channels: ['ch-1', 'ch-2'], repeatEvery: null },
			{ kind: 'ticket_escalated', channels: [], repeatEvery: 30 }
		] });
		if (saved.ok) expect(rulesOfRows(rowsOfRules(saved.rules))).toEqual(saved);
	});

	it('refuses minutes that are not a whole number from 1 to 1440, and ignores them while repeats are off', () => {
		const rows = rowsOfRules([]);
		rows[0] = { ...rows[0], repeat: true, minutes: '0' };
		rows[1] = { ...rows[1], repeat: true, minutes: '2.5' };
		rows[2] = { ...rows[2], repeat: true, minutes: '1441' };
		rows[3] = { ...rows[3], repeat: false, minutes: 'x' };
		expect(rulesOfRows(rows)).toEqual({ ok: false, invalid: ['ticket_assigned', 'ticket_warning', 'ticket_escalated'] });
	});
});
