import type { EscalationConfig } from '$lib/domain/incident/escalation';
import { createDevicesProjection } from './domain/device/project';
import { findingsProjection } from './domain/finding/project';
import { checklistsProjection } from './domain/checklist/project';
import { createIncidentsProjection } from './domain/incident/project';
import { organisationProjection } from './domain/organisation/project';
import { guardPositionsProjection } from './domain/patrol/project';
import { patrolPlansProjection } from './domain/patrol/plans-project';
import { roundsProjection } from './domain/patrol/rounds-project';
import { dailyCountsProjection } from './domain/site/daily-counts';
import { recentScansProjection } from './domain/site/recent-scans';
import { shiftsProjection } from './domain/shift/project';
import { testWindowsProjection } from './domain/test-window/project';
import { ticketsProjection } from './domain/ticket/project';
import { notificationsProjection } from './domain/notification/project';
import type { Projection } from './event-log/projection';

/** What the projections' due times depend on. */
export interface ProjectionSettings {
	escalation: EscalationConfig;
	heartbeatGraceSeconds: number;
}

/**
 * The registry: every projection the log feeds, one line each. The writer and the command path
 * keep them all current in the appending transaction; browsers receive their changes in
 * `site:projections` under these names. Order matters only for input decisions: test windows
 * stamp device events before any projection evolves them (the rounds stamp scans of unknown
 * checkpoints). The system stream's views (the duty shift) are marked `stream: 'system'` and
 * listed last: a site's snapshot, keyframes and state leave them out (`siteProjectionsOf`).
 */
export function createProjections(settings: ProjectionSettings): readonly Projection[] {
	return [
		testWindowsProjection,
		createDevicesProjection(settings.heartbeatGraceSeconds),
		createIncidentsProjection(settings.escalation),
		checklistsProjection,
		organisationProjection,
		guardPositionsProjection,
		recentScansProjection,
		dailyCountsProjection,
		patrolPlansProjection,
		roundsProjection,
		findingsProjection,
		ticketsProjection,
		notificationsProjection,
		shiftsProjection
	] as Projection[];
}
