import { describe, expect, it } from 'vitest';
import type { SitePlan } from '$lib/domain/site/model';
import { NOTE_MAX_LENGTH } from '$lib/domain/incident/decide';
import { buildDrillBody, buildOpeningBody, chooseLevel, deepestPlace, listDrillDevices, noteOf, refusalOfAnswer } from './opening-request';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

describe('the place picker', () => {
	it('names the deepest level chosen, and nothing when no level is', () => {
		expect(deepestPlace([])).toBeNull();
		expect(deepestPlace([''])).toBeNull();
		expect(deepestPlace(['T1'])).toBe('T1');
		expect(deepestPlace(['T1', 'T1-2', 'T1-2-18F', 'T1-2-1804'])).toBe('T1-2-1804');
		// A floor chosen and its room left at "not given": the floor.
		expect(deepestPlace(['T1', 'T1-2', 'T1-2-18F', ''])).toBe('T1-2-18F');
	});

	it('ignores levels below one left unchosen', () => {
		expect(deepestPlace(['T1', '', 'T1-2-18F'])).toBe('T1');
	});

	it('starts the levels below a new choice again', () => {
		expect(chooseLevel(['T1', 'T1-2', 'T1-2-18F', 'T1-2-1804'], 1, 'T1-1')).toEqual(['T1', 'T1-1']);
		expect(chooseLevel(['T1', 'T1-2'], 0, '')).toEqual(['']);
		expect(chooseLevel([], 0, 'T2')).toEqual(['T2']);
	});
});

describe('request bodies', () => {
	it('opens at the deepest place chosen with the note trimmed', () => {
		expect(buildOpeningBody({ site: 's1', kind: 'medical_emergency', severity: 'critical', chosen: ['T1', 'T1-1', 'T1-1-2F', 'T1-1-201'], note: '  caller: resident, fell  ' })).toEqual({
			site: 's1',
			kind: 'medical_emergency',
			severity: 'critical',
			place: 'T1-1-201',
			note: 'caller: resident, fell'
		});
	});

	it('sends null, not an empty string, for no place and no note', () => {
		expect(buildOpeningBody({ site: 's1', kind: 'typhoon', severity: 'major', chosen: [], note: '   ' })).toEqual({ site: 's1', kind: 'typhoon', severity: 'major', place: null, note: null });
	});

	it('runs a drill of a procedure on an alarm point', () => {
		expect(buildDrillBody({ site: 's1', procedure: 'fire', device: 'FAP-1', point: 'loop1/det-1', severity: 'major', note: '' })).toEqual({
			site: 's1',
			procedure: 'fire',
			device: 'FAP-1',
			point: 'loop1/det-1',
			severity: 'major',
			note: null
		});
	});

	it('never sends a note longer than the API takes', () => {
		expect(noteOf('x'.repeat(NOTE_MAX_LENGTH + 10))).toHaveLength(NOTE_MAX_LENGTH);
	});
});

describe('listDrillDevices', () => {
	const point = (id: string, device: string, zone = 'Z') => ({
		type: 'Feature' as const,
		geometry: { type: 'Point' as const, coordinates: [120, 30] as [number, number] },
		properties: { kind: 'alarm_point' as const, id, name: name(`point ${id}`), device, type: 'smoke' as const, zone }
	});
	const plan = {
		type: 'FeatureCollection',
		features: [
			point('loop1/det-2', 'FAP-2'),
			{ type: 'Feature', geometry: { type: 'Point', coordinates: [120, 30] }, properties: { kind: 'gate', id: 'g1', name: name('gate') } },
			point('loop1/det-1', 'FAP-1', 'Lobby'),
			point('loop1/det-3', 'FAP-1')
		]
	} as unknown as SitePlan;

	it('lists the devices with alarm points by id, their points in plan order', () => {
		const devices = listDrillDevices(plan);
		expect(devices.map((d) => d.device)).toEqual(['FAP-1', 'FAP-2']);
		expect(devices[0].points.map((p) => p.id)).toEqual(['loop1/det-1', 'loop1/det-3']);
		expect(devices[0].points[0]).toEqual({ id: 'loop1/det-1', name: name('point loop1/det-1'), zone: 'Lobby', type: 'smoke' });
	});

	it('lists nothing for a site without a plan', () => {
		expect(listDrillDevices(undefined)).toEqual([]);
	});
});

describe('refusalOfAnswer', () => {
	it('takes the reason the API names', () => {
		expect(refusalOfAnswer(400, { message: 'refused: unknown place', reason: 'unknown_place' })).toBe('unknown_place');
		expect(refusalOfAnswer(400, { reason: 'unknown_point' })).toBe('unknown_point');
		expect(refusalOfAnswer(404, { reason: 'unknown_site' })).toBe('unknown_site');
	});

	it('falls back on the status for reasons it does not know', () => {
		expect(refusalOfAnswer(400, { message: 'invalid request', reason: 'invalid' })).toBe('invalid');
		expect(refusalOfAnswer(403, { message: 'no access to this site' })).toBe('forbidden');
		expect(refusalOfAnswer(401, null)).toBe('forbidden');
		expect(refusalOfAnswer(503, 'down')).toBe('failed');
		expect(refusalOfAnswer(500, { reason: 'something_new' })).toBe('failed');
	});
});
