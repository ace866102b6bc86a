import { describe, expect, it } from 'vitest';
import { SYSTEM_STREAM } from '../envelope';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { applyOrganisationEvent, evolveOrganisation, organisation } from './evolve';
import { EMPTY_ORGANISATION, type Organisation, type SiteOrganisation } from './model';

const at = (seq: number) => new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString();
const event = (seq: number, type: string, data: object, site = 'estate-a', by = 'admin-1'): EventEnvelope =>
	({ site, seq, type, id: null, source: { kind: 'user', id: by }, at: at(seq), receivedAt: at(seq), data }) as EventEnvelope;

const security: Organisation = {
	...EMPTY_ORGANISATION,
	departments: [{ id: 'security', kind: 'security', name: { 'zh-CN': '秩序部', 'zh-TW': '秩序部', en: 'Security' }, supervisor: 'u-1', members: ['u-1', 'u-2'] }],
	manager: 'u-9',
	stewards: [{ zone: 'Z1', user: 'u-2', department: 'security' }]
};
const updated = (seq: number, version: number, org: Organisation, site?: string, by?: string) => event(seq, 'OrganisationUpdated', { version, organisation: org }, site, by);

describe('organisation fold', () => {
	it('keeps the latest saved document per site, with its version, time, author and seq', () => {
		const rows = new RowSet<SiteOrganisation>();
		expect(applyOrganisationEvent(rows, updated(3, 1, EMPTY_ORGANISATION))).toMatchObject({ id: 'estate-a', site: 'estate-a', version: 1 });
		const second = applyOrganisationEvent(rows, updated(7, 2, security, 'estate-a', 'admin-2'));
		expect(second).toEqual({ id: 'estate-a', site: 'estate-a', version: 2, organisation: security, updatedAt: at(7), updatedBy: 'admin-2', lastSeq: 7 });
		expect(rows.get('estate-a')).toBe(second);
		// Another site's is its own row.
		applyOrganisationEvent(rows, updated(2, 1, security, 'estate-b'));
		expect([...rows.values()].map((r) => [r.id, r.version])).toEqual([
			['estate-a', 2],
			['estate-b', 1]
		]);
	});

	it('ignores replays, other events and the system stream', () => {
		const first = evolveOrganisation(undefined, updated(5, 1, security))!;
		expect(evolveOrganisation(first, updated(5, 1, EMPTY_ORGANISATION))).toBe(first);
		expect(evolveOrganisation(first, updated(4, 1, EMPTY_ORGANISATION))).toBe(first);
		expect(evolveOrganisation(first, event(6, 'SiteImported', { sha256: 'x' }))).toBe(first);
		expect(evolveOrganisation(undefined, updated(1, 1, security, SYSTEM_STREAM))).toBeUndefined();
		const rows = new RowSet<SiteOrganisation>([first]);
		expect(applyOrganisationEvent(rows, updated(5, 1, EMPTY_ORGANISATION))).toBeNull();
		expect(applyOrganisationEvent(rows, event(9, 'ShiftJoined', { shift: 'S1', user: 'u' }))).toBeNull();
		expect(rows.changes()).toEqual({ upsert: [], remove: [] });
	});

	it('replays as a site projection: restored from its rows, it continues the same', () => {
		const ctx = { timeZone: 'Asia/Shanghai' };
		const live = organisation.restore([]);
		organisation.evolve(live, updated(1, 1, EMPTY_ORGANISATION), ctx);
		const restored = organisation.restore(organisation.rows(live));
		for (const s of [live, restored]) organisation.evolve(s, updated(2, 2, security), ctx);
		expect(organisation.rows(restored)).toEqual(organisation.rows(live));
		expect(organisation.rows(live)).toMatchObject([{ version: 2, organisation: security }]);
	});
});
