import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import type { Locale, PlanFeature, PlanFeatureKind, SiteBundle } from '../model';
import { PLAN_FEATURE_KINDS } from '../model';
import { MAX_BUNDLE_PROBLEMS, PLAN_FILE, SITE_FILE, type BundleFileName, type BundleFiles, type BundleProblem } from './bundle';
import { buildBundleSchemas, type BundleSchemas } from './schema';
import { countBuildingPlaces, countPlaces, MAX_PLACES_PER_SITE, type BuildingPlaces } from '../places';

/**
 * Reads a bundle's two files into a SiteBundle, or lists every problem with its file, line and
 * column, the plan feature it is in and the field: a person fixing a 3,000-line GeoJSON file
 * needs to go straight to the spot, and to see all problems at once, not one per attempt.
 */

export type BundleCheck = { ok: true; bundle: SiteBundle } | { ok: false; problems: BundleProblem[]; more: number };

type Path = (string | number)[];
interface Finding {
	file: BundleFileName;
	path: Path;
	message: string;
	/** The object key the problem is about, when the key itself is wrong (an unknown field). */
	key?: string;
}

const schemasByLocale = new Map<Locale, BundleSchemas>();
function schemasFor(locale: Locale): BundleSchemas {
	let s = schemasByLocale.get(locale);
	if (!s) schemasByLocale.set(locale, (s = buildBundleSchemas(locale)));
	return s;
}

const zodLocales = { 'zh-CN': z.locales.zhCN, 'zh-TW': z.locales.zhTW, en: z.locales.en } as const;

export function checkSiteBundle(files: BundleFiles, locale: Locale = 'en'): BundleCheck {
	const opts = { locale };
	const schemas = schemasFor(locale);
	const error = zodLocales[locale]().localeError;
	const site = new LocatedText(SITE_FILE, files.site);
	const plan = new LocatedText(PLAN_FILE, files.plan);
	const findings: Finding[] = [...site.syntax(locale), ...plan.syntax(locale)];

	const siteParsed = site.root ? schemas.siteFile.safeParse(site.value, { error }) : undefined;
	if (siteParsed && !siteParsed.success) findings.push(...fromIssues(SITE_FILE, siteParsed.error.issues));

	const planParsed = plan.root ? schemas.planFile.safeParse(plan.value, { error }) : undefined;
	const features: PlanFeature[] = [];
	if (planParsed && !planParsed.success) findings.push(...fromIssues(PLAN_FILE, planParsed.error.issues));
	else if (planParsed?.success) {
		planParsed.data.features.forEach((raw, index) => {
			const kind = (raw as { properties?: { kind?: unknown } } | null)?.properties?.kind;
			if (!PLAN_FEATURE_KINDS.includes(kind as PlanFeatureKind)) {
				const at = ['features', index, 'properties', 'kind'];
				findings.push({ file: PLAN_FILE, path: at, message: m.bundle_feature_kind({ kinds: PLAN_FEATURE_KINDS.join(', ') }, opts) });
				return;
			}
			const parsed = schemas.featureByKind[kind as PlanFeatureKind].safeParse(raw, { error });
			if (parsed.success) features.push(parsed.data as PlanFeature);
			else findings.push(...fromIssues(PLAN_FILE, parsed.error.issues, ['features', index]));
		});
	}

	if (findings.length === 0 && siteParsed?.success) {
		const bundle: SiteBundle = { ...siteParsed.data, plan: { type: 'FeatureCollection', features } } as SiteBundle;
		findings.push(...checkReferences(bundle, locale));
		if (findings.length === 0) return { ok: true, bundle };
	}
	const problems = findings.map((f) => (f.file === SITE_FILE ? site : plan).place(f));
	problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
	return { ok: false, problems: problems.slice(0, MAX_BUNDLE_PROBLEMS), more: Math.max(0, problems.length - MAX_BUNDLE_PROBLEMS) };
}

function fromIssues(file: BundleFileName, issues: z.core.$ZodIssue[], prefix: Path = []): Finding[] {
	return issues.flatMap((issue): Finding[] => {
		const path = [...prefix, ...(issue.path as Path)];
		// An unknown field is placed on its own key, one problem per key, so each is named.
		if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ file, path, key, message: issue.message }));
		return [{ file, path, message: issue.message }];
	});
}

/** What refers to what: ids unique, a point's device listed, a route's checkpoints drawn, floors inside their building. */
function checkReferences(bundle: SiteBundle, locale: Locale): Finding[] {
	const opts = { locale };
	const findings: Finding[] = [];
	const at = (file: BundleFileName, path: Path, message: string) => findings.push({ file, path, message });

	const unique = <T>(items: readonly T[], idOf: (item: T) => string, pathOf: (i: number) => Path, file: BundleFileName) => {
		const first = new Map<string, number>();
		items.forEach((item, i) => {
			const id = idOf(item);
			const seen = first.get(id);
			if (seen === undefined) first.set(id, i);
			else at(file, pathOf(i), m.bundle_duplicate_id({ id, first: seen }, opts));
		});
	};
	unique(bundle.devices, (d) => d.id, (i) => ['devices', i, 'id'], SITE_FILE);
	unique(bundle.guards, (g) => g.id, (i) => ['guards', i, 'id'], SITE_FILE);
	unique(bundle.places ?? [], (b) => b.building, (i) => ['places', i, 'building'], SITE_FILE);
	unique(bundle.floorPlans ?? [], (f) => `${f.building} ${f.floor}`, (i) => ['floorPlans', i, 'floor'], SITE_FILE);
	const features = bundle.plan.features;
	unique(features, (f) => `${f.properties.kind} ${f.properties.id}`, (i) => ['features', i, 'properties', 'id'], PLAN_FILE);

	const devices = new Set(bundle.devices.map((d) => d.id));
	const byKind = (kind: PlanFeatureKind) => new Map(features.filter((f) => f.properties.kind === kind).map((f) => [f.properties.id, f]));
	const buildings = byKind('building');
	const garages = byKind('garage');
	const checkpoints = byKind('checkpoint');
	const placesOf = new Map((bundle.places ?? []).map((b) => [b.building, b]));

	/** The floors a building or garage has: a garage's levels are underground; a building's come from its units when listed. */
	const floorRange = (id: string): [number, number] | undefined => {
		const garage = garages.get(id);
		if (garage?.properties.kind === 'garage') return [-garage.properties.levels, -1];
		const building = buildings.get(id);
		if (building?.properties.kind !== 'building') return undefined;
		const units = placesOf.get(id)?.units ?? [];
		return [Math.min(1, ...units.map((u) => u.floors[0])), building.properties.floors];
	};
	const checkPlace = (file: BundleFileName, path: Path, building: string | undefined, floor: number | undefined, garageAllowed = true) => {
		if (building === undefined) return;
		if (!buildings.has(building) && !(garageAllowed && garages.has(building))) {
			at(file, [...path, 'building'], m.bundle_unknown_building({ id: building }, opts));
			return;
		}
		const range = floorRange(building);
		if (floor !== undefined && range && (floor < range[0] || floor > range[1]))
			at(file, [...path, 'floor'], m.bundle_floor_range({ floor, building, lowest: range[0], highest: range[1] }, opts));
	};

	features.forEach((f, i) => {
		const p = f.properties;
		const path: Path = ['features', i, 'properties'];
		if (p.kind === 'alarm_point') {
			if (!devices.has(p.device)) at(PLAN_FILE, [...path, 'device'], m.bundle_unknown_device({ id: p.device }, opts));
			checkPlace(PLAN_FILE, path, p.building, p.floor);
		} else if (p.kind === 'checkpoint') {
			checkPlace(PLAN_FILE, path, p.building, p.floor);
		} else if (p.kind === 'patrol_route') {
			p.checkpoints.forEach((c, j) => {
				if (!checkpoints.has(c)) at(PLAN_FILE, [...path, 'checkpoints', j], m.bundle_unknown_checkpoint({ id: c }, opts));
			});
			if (p.device !== undefined && !devices.has(p.device)) at(PLAN_FILE, [...path, 'device'], m.bundle_unknown_device({ id: p.device }, opts));
		}
	});

	(bundle.places ?? []).forEach((b, i) => {
		const building = buildings.get(b.building);
		if (building?.properties.kind !== 'building') {
			at(SITE_FILE, ['places', i, 'building'], m.bundle_unknown_building({ id: b.building }, opts));
			return;
		}
		const { floors, units } = building.properties;
		if (b.units.length !== units) at(SITE_FILE, ['places', i, 'units'], m.bundle_units_count({ building: b.building, expected: units, actual: b.units.length }, opts));
		unique(b.units, (u) => u.id, (j) => ['places', i, 'units', j, 'id'], SITE_FILE);
		b.units.forEach((u, j) => {
			if (u.floors[1] > floors) at(SITE_FILE, ['places', i, 'units', j, 'floors', 1], m.bundle_floor_range({ floor: u.floors[1], building: b.building, lowest: u.floors[0], highest: floors }, opts));
		});
	});
	(bundle.floorPlans ?? []).forEach((f, i) => checkPlace(SITE_FILE, ['floorPlans', i], f.building, f.floor));
	findings.push(...checkPlaceCount(bundle.places ?? [], locale));
	return findings;
}

/**
 * The places the buildings expand into, counted arithmetically (never expanded here): past
 * MAX_PLACES_PER_SITE, one problem on the units of the building that passes the cap.
 */
function checkPlaceCount(buildings: readonly BuildingPlaces[], locale: Locale): Finding[] {
	const total = countPlaces(buildings);
	if (total <= MAX_PLACES_PER_SITE) return [];
	const number = (n: number) => n.toLocaleString(locale);
	let sum = 0;
	for (let i = 0; i < buildings.length; i++) {
		const own = countBuildingPlaces(buildings[i]);
		sum += own;
		if (sum <= MAX_PLACES_PER_SITE) continue;
		const message = m.bundle_places_limit({ building: buildings[i].building, own: number(own), total: number(total), max: number(MAX_PLACES_PER_SITE) }, { locale });
		return [{ file: SITE_FILE, path: ['places', i, 'units'], message }];
	}
	return [];
}

/** A file's text with its syntax tree, so a path in the parsed value maps back to a line and column. */
class LocatedText {
	readonly root: Node | undefined;
	readonly value: unknown;
	private readonly errors: ParseError[] = [];
	private readonly lineStarts: number[] = [0];

	constructor(
		readonly file: BundleFileName,
		text: string
	) {
		// A byte-order mark is not JSON, but editors on Windows write one: read past it.
		text = text.replace(/^\uFEFF/, '');
		for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
		const root = parseTree(text, this.errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
		// A tree with syntax errors is partial; its values are not to be trusted.
		this.root = this.errors.length === 0 ? root : undefined;
		this.value = this.root ? JSON.parse(text) : undefined;
	}

	syntax(locale: Locale): Finding[] {
		return this.errors.slice(0, 10).map((e) => ({ file: this.file, path: [], message: m.bundle_syntax({ error: printParseErrorCode(e.error) }, { locale }), offset: e.offset }) as Finding & { offset: number });
	}

	place(f: Finding & { offset?: number }): BundleProblem {
		const offset = f.offset ?? this.offsetOf(f.path, f.key);
		const [line, column] = this.lineColumn(offset);
		const featureIndex = this.file === PLAN_FILE && f.path[0] === 'features' && typeof f.path[1] === 'number' ? f.path[1] : null;
		const rest = featureIndex === null ? f.path : f.path.slice(2);
		const field = formatPath(f.key === undefined ? rest : [...rest, f.key]);
		let feature: BundleProblem['feature'] = null;
		if (featureIndex !== null) {
			const props = (this.value as { features?: { properties?: { kind?: unknown; id?: unknown } }[] })?.features?.[featureIndex]?.properties;
			feature = { index: featureIndex, kind: typeof props?.kind === 'string' ? props.kind : null, id: typeof props?.id === 'string' ? props.id : null };
		}
		return { file: this.file, line, column, feature, field, message: f.message };
	}

	/** The deepest node on the path that exists: a missing field is placed on the object that lacks it. */
	private offsetOf(path: Path, key?: string): number {
		if (!this.root) return 0;
		for (let n = path.length; n >= 0; n--) {
			const node = findNodeAtLocation(this.root, path.slice(0, n));
			if (!node) continue;
			if (key !== undefined && n === path.length && node.type === 'object') {
				const property = node.children?.find((p) => p.children?.[0]?.value === key);
				if (property) return property.offset;
			}
			// A value's node starts at the value; its key, a few characters before, is where people look.
			return node.parent?.type === 'property' ? node.parent.offset : node.offset;
		}
		return this.root.offset;
	}

	private lineColumn(offset: number): [number, number] {
		let lo = 0;
		let hi = this.lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.lineStarts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return [lo + 1, offset - this.lineStarts[lo] + 1];
	}
}

/** `properties.floors`, `devices[2].kind`, `geometry.coordinates[0][3]`. */
function formatPath(path: Path): string {
	return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
