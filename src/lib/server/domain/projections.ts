import type { TestWindow } from '$lib/domain/incident';
import type { Projector } from '../event-log/types';
import { applyIncidents, loadIncidents, type LoadedIncidents } from './incident/project';
import { applyTestWindows, loadTestWindows, stampTestEvent } from './test-mode/project';

interface Loaded {
	incidents: LoadedIncidents;
	tests: TestWindow[];
}

/** Every projection the log feeds, kept up to date in the appending transaction. */
export const projectAll: Projector<Loaded> = {
	load: async (tx, items) => {
		const [incidents, tests] = await Promise.all([loadIncidents(tx, items), loadTestWindows(tx, items)]);
		return { incidents, tests };
	},
	stamp: (event, loaded) => stampTestEvent(event, loaded.tests),
	apply(tx, envelopes, loaded) {
		const incidents = applyIncidents(tx, envelopes, loaded.incidents);
		return { changes: { incidents: incidents.incidents }, writes: [...(incidents.write ? [incidents.write] : []), ...applyTestWindows(tx, envelopes)] };
	}
};
