import type { Projector } from '../event-log/types';
import { applyIncidents, loadIncidents, type LoadedIncidents } from './incident/project';

/** Every projection the log feeds, kept up to date in the appending transaction. */
export const projectAll: Projector<LoadedIncidents> = {
	load: (tx, items) => loadIncidents(tx, items),
	apply(tx, envelopes, loaded) {
		const incidents = applyIncidents(tx, envelopes, loaded);
		return { changes: { incidents: incidents.incidents }, writes: incidents.write ? [incidents.write] : [] };
	}
};
