import { describe, expect, it } from 'vitest';
import { organisationSchema, peopleAt, routeByZone } from '$lib/domain/organisation/model';
import { listOrganisationProblems } from '$lib/domain/organisation/rules';
import { listFeatures } from '$lib/domain/site/model';
import { demoEstate } from './estate';
import { buildDemoOrganisation } from './organisation';

const zones = listFeatures(demoEstate, 'zone').map((z) => z.properties.id);
const people = { admin: 'u-admin', manager: 'u-manager', operator: 'u-operator', guard: 'u-guard' };

describe('the demo organisation', () => {
	it('is one the site accepts: five departments of its people, a steward for every zone', () => {
		const org = buildDemoOrganisation(people, zones);
		expect(organisationSchema.safeParse(org).success).toBe(true);
		expect(listOrganisationProblems(org, { users: new Set(Object.values(people)), zones: new Set(zones) })).toEqual([]);
		expect(org.departments.map((d) => d.kind)).toEqual(['engineering', 'cleaning', 'security', 'customer_service', 'greenery']);
		expect(org.stewards.map((s) => s.zone).sort()).toEqual([...zones].sort());
		expect(routeByZone(org, 'KINDERGARTEN')).toEqual({ department: 'security', steward: 'u-guard' });
		expect(peopleAt(org, 'supervisor', { department: 'security', assignee: 'u-guard' })).toEqual(['u-operator']);
		expect(peopleAt(org, 'service_centre', { department: 'security', assignee: null })).toEqual(['u-admin']);
	});

	it('leaves out whoever is missing instead of naming them', () => {
		const org = buildDemoOrganisation({ manager: 'u-manager' }, zones);
		expect(listOrganisationProblems(org, { users: new Set(['u-manager']), zones: new Set(zones) })).toEqual([]);
		expect(org.serviceCentre).toEqual([]);
		expect(org.stewards.map((s) => s.zone)).toEqual(['OFFICE']);
	});
});
