import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAccessRule, ROUTE_ACCESS } from './route-access';
import { userRefusal } from './authorization';

const ROUTES = path.resolve(import.meta.dirname, '../../../routes');

/** Every route directory of the app, as SvelteKit names its route id, with the methods its files serve. */
function listRoutes(): Map<string, Set<string>> {
	const routes = new Map<string, Set<string>>();
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			const id = '/' + path.relative(ROUTES, dir).split(path.sep).filter(Boolean).join('/');
			const methods = routes.get(id) ?? new Set<string>();
			if (entry.name === '+server.ts') {
				for (const m of fs.readFileSync(full, 'utf8').matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm)) methods.add(m[1]);
			} else if (entry.name === '+page.svelte') methods.add('GET');
			else if (entry.name === '+page.server.ts') {
				const text = fs.readFileSync(full, 'utf8');
				if (/^export const load\b/m.test(text)) methods.add('GET');
				if (/^export const actions\b/m.test(text)) methods.add('POST');
			} else continue;
			routes.set(id, methods);
		}
	};
	walk(ROUTES);
	return routes;
}

describe('the route access table', () => {
	const routes = listRoutes();

	it('declares every route the app has, and no route it lacks', () => {
		expect([...routes.keys()].sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
	});

	it('declares exactly the methods each route serves', () => {
		for (const [id, methods] of routes) expect(Object.keys(ROUTE_ACCESS[id]).sort(), id).toEqual([...methods].sort());
	});

	it('refuses an undeclared route, and answers an undeclared method with the allowed ones', () => {
		expect(getAccessRule('/api/new-thing', 'GET')).toEqual({ refusal: 'undeclared' });
		expect(getAccessRule('__proto__', 'GET')).toEqual({ refusal: 'undeclared' });
		expect(getAccessRule('/api/health', 'POST')).toEqual({ refusal: 'method', allow: ['GET', 'HEAD'] });
		expect(getAccessRule('/api/health', 'constructor')).toEqual({ refusal: 'method', allow: ['GET', 'HEAD'] });
		expect(getAccessRule('/api/health', 'HEAD')).toEqual({ rule: { who: 'anyone' } });
	});

	it('keeps API tokens off user, token and device-credential management', () => {
		for (const [id, methods] of [
			['/api/users', ['GET', 'POST']],
			['/api/users/[id]', ['PATCH']],
			['/api/users/[id]/sessions', ['DELETE']],
			['/api/tokens', ['GET', 'POST']],
			['/api/tokens/[id]', ['DELETE']],
			['/api/sites/[site]/devices', ['POST']],
			['/api/sites/[site]/devices/[device]/credentials', ['POST', 'DELETE']]
		] as const) {
			for (const m of methods) {
				const d = getAccessRule(id, m);
				expect('rule' in d && d.rule.who === 'user' && d.rule.tokens === false, `${m} ${id}`).toBe(true);
			}
		}
	});
	it("keeps residents' personal data from guards, walls and tokens that would reveal or erase it", () => {
		const resident = Object.entries(ROUTE_ACCESS).filter(([id]) => id.includes('resident'));
		expect(resident.length).toBeGreaterThanOrEqual(5);
		for (const [id, access] of resident) {
			for (const [m, rule] of Object.entries(access)) {
				expect(rule.who === 'user' && rule.roles && !rule.roles.includes('guard') && !rule.roles.includes('wall'), `${m} ${id}`).toBe(true);
			}
		}
		for (const id of ['/api/residents/[id]/reveal', '/api/residents/[id]/erase']) {
			const d = getAccessRule(id, 'POST');
			expect('rule' in d && d.rule.who === 'user' && d.rule.tokens === false, id).toBe(true);
		}
		const reveal = getAccessRule('/api/residents/[id]/reveal', 'POST');
		expect('rule' in reveal && reveal.rule.who === 'user' && reveal.rule.roles?.includes('admin')).toBe(false);
	});
});

describe('userRefusal', () => {
	const operator = { id: 'u1', username: 'op', displayName: 'op', role: 'operator' as const, sites: ['A'] };
	const admin = { ...operator, role: 'admin' as const, sites: [] };
	const rule = { who: 'user' as const, roles: ['admin', 'operator'] as const, site: 'param' as const };

	it('asks who you are before anything else', () => {
		expect(userRefusal(rule, null, 'A')?.status).toBe(401);
	});
	it('scopes to the role and the site; admins belong to every site', () => {
		expect(userRefusal(rule, { user: operator, viaToken: false }, 'A')).toBeNull();
		expect(userRefusal(rule, { user: operator, viaToken: false }, 'B')?.status).toBe(403);
		expect(userRefusal(rule, { user: { ...operator, role: 'guard' }, viaToken: false }, 'A')?.status).toBe(403);
		expect(userRefusal(rule, { user: admin, viaToken: false }, 'B')).toBeNull();
		expect(userRefusal(rule, { user: operator, viaToken: false }, 'invalid')?.status).toBe(400);
	});
	it('requires a named site where the rule says so', () => {
		expect(userRefusal({ ...rule, site: 'query' }, { user: admin, viaToken: false }, null)?.status).toBe(400);
		expect(userRefusal({ ...rule, site: 'query-optional' }, { user: operator, viaToken: false }, null)).toBeNull();
	});
	it('refuses tokens where the rule wants a person', () => {
		expect(userRefusal({ who: 'user', roles: ['admin'], tokens: false }, { user: admin, viaToken: true }, null)?.status).toBe(403);
		expect(userRefusal({ who: 'user', roles: ['admin'] }, { user: admin, viaToken: true }, null)).toBeNull();
	});
});
