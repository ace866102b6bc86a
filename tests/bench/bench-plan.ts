/**
 * The plan of a bench site: the 40 checkpoints the load scans (`CP-0` … `CP-39`) and two patrol
 * routes through them, a round every 30 minutes each, so the rounds projection does the work a
 * real estate gives it (checkpoints looked up, rounds loaded and walked) under load.
 */
export function benchPlan() {
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const at = (n: number): [number, number] => [120.15 + (n % 8) * 0.0004, 30.28 + Math.floor(n / 8) * 0.0004];
	const checkpoints = Array.from({ length: 40 }, (_, n) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: at(n) },
		properties: { kind: 'checkpoint', id: `CP-${n}`, name: name(`CP-${n}`) }
	}));
	const route = (id: string, from: number) => {
		const stops = Array.from({ length: 20 }, (_, n) => from + n);
		return {
			type: 'Feature',
			geometry: { type: 'LineString', coordinates: stops.map(at) },
			properties: { kind: 'patrol_route', id, name: name(id), checkpoints: stops.map((n) => `CP-${n}`), intervalMinutes: 30 }
		};
	};
	return { type: 'FeatureCollection', features: [...checkpoints, route('R-NORTH', 0), route('R-SOUTH', 20)] };
}
