import type { Projector } from '../event-log/types';
import { projectIncidents } from './incident/project';

/** Every projection the log feeds, updated in the appending transaction. */
export const projectAll: Projector = async (tx, envelopes) => ({
	incidents: await projectIncidents(tx, envelopes)
});
