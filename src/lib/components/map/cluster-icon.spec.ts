import { describe, expect, it } from 'vitest';
import { summariseLooks } from './cluster-icon';
import type { IncidentLook } from './incident-icon';

const look = (severity: IncidentLook['severity'], status: IncidentLook['status']): IncidentLook => ({
	id: `${severity}-${status}`,
	severity,
	status,
	count: 1,
	selected: false,
	dimmed: false,
	label: ''
});

describe('summariseLooks', () => {
	it('takes the worst severity, whatever the order', () => {
		expect(summariseLooks([look('minor', 'new'), look('critical', 'acknowledged'), look('major', 'new')])).toEqual({
			count: 3,
			severity: 'critical',
			unacknowledged: true
		});
	});

	it('is unacknowledged only while one inside is new', () => {
		expect(summariseLooks([look('warning', 'acknowledged'), look('minor', 'dispatched')]).unacknowledged).toBe(false);
	});
});
