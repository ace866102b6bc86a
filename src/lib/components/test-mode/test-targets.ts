import type { SitePlan } from '$lib/domain/site/model';

/** A site's devices that report alarm points, each with its points in plan order: what test mode can target. */
export function listTestTargets(plan: SitePlan | undefined): { device: string; points: string[] }[] {
	const byDevice = new Map<string, string[]>();
	for (const f of plan?.features ?? []) {
		if (f.properties.kind !== 'alarm_point') continue;
		const points = byDevice.get(f.properties.device) ?? [];
		points.push(f.properties.id);
		byDevice.set(f.properties.device, points);
	}
	return [...byDevice].map(([device, points]) => ({ device, points })).sort((a, b) => a.device.localeCompare(b.device));
}
