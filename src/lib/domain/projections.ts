import { deviceStatuses } from './device/status';
import { findings } from './finding/findings';
import { incidents } from './incident/evolve';
import { checklists } from './checklist/evolve';
import { organisation } from './organisation/evolve';
import { guardPositions } from './patrol/guard-positions';
import { patrolPlans } from './patrol/plans';
import { rounds } from './patrol/rounds-projection';
import type { SiteProjection } from './projection';
import { dailyCounts } from './site/daily-counts';
import { recentScans } from './site/recent-scans';
import { testWindows } from './test-window/evolve';
import { tickets } from './ticket/evolve';
import { notifications } from './notification/evolve';

/**
 * Every projection of a site's log, as pure folds: the server's live projections wrap these
 * (one each, same name), its replay (`state?at=`, keyframes, `projections check`) and the
 * browser's replay cursor run them. A feature's view is one more line here and one in
 * `server/projections.ts`.
 */
export const SITE_PROJECTIONS: readonly SiteProjection<unknown, { id: string }>[] = [
	testWindows,
	deviceStatuses,
	incidents,
	checklists,
	organisation,
	guardPositions,
	recentScans,
	dailyCounts,
	patrolPlans,
	rounds,
	findings,
	tickets,
	notifications
] as SiteProjection<unknown, { id: string }>[];
