import { devicesProjection } from './domain/device/project';
import { incidentsProjection } from './domain/incident/project';
import { guardPositionsProjection } from './domain/patrol/project';
import { dailyCountsProjection } from './domain/site/daily-counts';
import { recentScansProjection } from './domain/site/recent-scans';
import { testWindowsProjection } from './domain/test-window/project';
import type { Projection } from './event-log/projection';

/**
 * The registry: every projection the log feeds, one line each. The writer and the command path
 * keep them all current in the appending transaction; browsers receive their changes in
 * `site:projections` under these names. Order matters only for input decisions: test windows
 * stamp device events before any projection evolves them.
 */
export const PROJECTIONS: readonly Projection[] = [
	testWindowsProjection,
	devicesProjection,
	incidentsProjection,
	guardPositionsProjection,
	recentScansProjection,
	dailyCountsProjection
] as Projection[];
