import type { EventEnvelope } from '../events';

/** Which import of its bundle a site's state is read with: the `SiteImported` event's facts. */
export interface PlanVersion {
	/** The stored bundle's SHA-256: `GET /api/sites/{site}/bundle?version=` gives its content. */
	sha256: string;
	/** The seq of the `SiteImported` event. */
	seq: number;
	importedAt: string;
	timeZone: string;
	features: number;
	devices: number;
	guards: number;
	places: number;
	floorPlans: number;
}

/** The plan version a `SiteImported` event sets; null for other events and for imports from before bundles were stored. */
export function planVersionOf(e: EventEnvelope): PlanVersion | null {
	if (e.type !== 'SiteImported' || !e.data.timeZone) return null;
	const { sha256, timeZone, features, devices, guards, places, floorPlans } = e.data;
	return { sha256, seq: e.seq, importedAt: e.receivedAt, timeZone, features, devices, guards, places, floorPlans };
}
