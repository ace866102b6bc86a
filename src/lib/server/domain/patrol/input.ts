import { z } from 'zod';
import { ROUND_EVENTS } from '$lib/domain/patrol/round-events';

/**
 * The bodies of the patrol API, from the events' own schemas (one rule for what a route or a
 * schedule may be): the id comes from the path.
 */
export const routeBody = ROUND_EVENTS.RouteDefined.omit({ route: true }).strict();
export const scheduleBody = ROUND_EVENTS.ScheduleDefined.omit({ schedule: true }).extend({ guard: ROUND_EVENTS.ScheduleDefined.shape.guard.default(null) }).strict();
export const claimBody = z.strictObject({ guard: ROUND_EVENTS.RoundClaimed.shape.guard });
export const skipBody = z.strictObject({ checkpoint: ROUND_EVENTS.CheckpointSkipped.shape.checkpoint, reason: ROUND_EVENTS.CheckpointSkipped.shape.reason });
/** Route, schedule and round ids in paths. */
export const PLAN_ID = /^[A-Za-z0-9_-]{1,64}$/;
