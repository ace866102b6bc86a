import { NOTE_MAX_LENGTH } from '$lib/domain/incident/decide';
import type { Incident, IncidentKind, ManualKind } from '$lib/domain/incident/model';
import type { AlarmType, LocalizedName, Severity, SitePlan } from '$lib/domain/site/model';

/**
 * What the console's "Open incident" and "Start drill" dialogs send, built from what the
 * operator picked; and what a refusal means. Pure: the dialogs only fetch and show.
 */

/** The body of `POST /api/incidents`. */
export interface OpeningBody {
	site: string;
	kind: ManualKind;
	severity: Severity;
	place: string | null;
	note: string | null;
}

/** The body of `POST /api/drills`. */
export interface DrillBody {
	site: string;
	procedure: IncidentKind;
	device: string;
	point: string;
	severity: Severity;
	note: string | null;
}

/** A note as typed: trimmed, an empty one left out (the API keeps null, not ""). */
export function noteOf(typed: string): string | null {
	const note = typed.trim().slice(0, NOTE_MAX_LENGTH);
	return note ? note : null;
}

/**
 * The place the picker names: the deepest level chosen (a room, else its floor, unit or
 * building), or null when none was. Levels below an unchosen one do not count.
 */
export function deepestPlace(chosen: readonly string[]): string | null {
	let place: string | null = null;
	for (const id of chosen) {
		if (!id) break;
		place = id;
	}
	return place;
}

/** The picker's levels after choosing `id` at `level`: the levels below it start again. */
export function chooseLevel(chosen: readonly string[], level: number, id: string): string[] {
	const next = chosen.slice(0, level);
	next[level] = id;
	return next;
}

export function buildOpeningBody(input: { site: string; kind: ManualKind; severity: Severity; chosen: readonly string[]; note: string }): OpeningBody {
	return { site: input.site, kind: input.kind, severity: input.severity, place: deepestPlace(input.chosen), note: noteOf(input.note) };
}

export function buildDrillBody(input: { site: string; procedure: IncidentKind; device: string; point: string; severity: Severity; note: string }): DrillBody {
	return { site: input.site, procedure: input.procedure, device: input.device, point: input.point, severity: input.severity, note: noteOf(input.note) };
}

/** One alarm point a drill can run on. */
export interface DrillPoint {
	id: string;
	name: LocalizedName;
	zone: string;
	type: AlarmType;
}

/** A site's devices that have alarm points on its plan, each with its points in plan order; devices by id. */
export function listDrillDevices(plan: SitePlan | undefined): { device: string; points: DrillPoint[] }[] {
	const byDevice = new Map<string, DrillPoint[]>();
	for (const f of plan?.features ?? []) {
		if (f.properties.kind !== 'alarm_point') continue;
		const { id, name, zone, type, device } = f.properties;
		const points = byDevice.get(device) ?? [];
		points.push({ id, name, zone, type });
		byDevice.set(device, points);
	}
	return [...byDevice].map(([device, points]) => ({ device, points })).sort((a, b) => a.device.localeCompare(b.device));
}

/** Why an opening or a drill was refused, as one of the codes the dialogs word. */
export type OpeningRefusal = 'unknown_site' | 'unknown_place' | 'unknown_point' | 'invalid' | 'forbidden' | 'failed';

const KNOWN: readonly string[] = ['unknown_site', 'unknown_place', 'unknown_point'];

/** The refusal an answer carries: its reason when the API names one we know, else by status. */
export function refusalOfAnswer(status: number, body: unknown): OpeningRefusal {
	const reason = typeof body === 'object' && body !== null && 'reason' in body ? (body as { reason: unknown }).reason : undefined;
	if (typeof reason === 'string' && KNOWN.includes(reason)) return reason as OpeningRefusal;
	if (status === 401 || status === 403) return 'forbidden';
	if (status === 400 || status === 415) return 'invalid';
	return 'failed';
}

/** Send an opening (`/api/incidents`) or a drill (`/api/drills`): the incident opened, or why not. */
export async function sendOpening(path: '/api/incidents' | '/api/drills', body: unknown): Promise<{ incident: Incident } | { refusal: OpeningRefusal }> {
	try {
		const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const answer = await r.json().catch(() => null);
		if (r.status === 201 && answer?.incident) return { incident: answer.incident as Incident };
		return { refusal: refusalOfAnswer(r.status, answer) };
	} catch {
		return { refusal: 'failed' };
	}
}

/** What both opening dialogs take: the sites and their plans, the site to start on (the map's), and what to do after. */
export interface OpeningDialogProps {
	sites: { id: string; name: LocalizedName }[];
	plans: Record<string, SitePlan>;
	site: string;
	onopened: (incident: Incident) => void;
	oncancel: () => void;
}
