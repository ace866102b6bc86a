import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { STEP_ACTIONS, type ChecklistRefusal } from '$lib/domain/checklist/rules';
import { STEP_TEXT_MAX } from '$lib/domain/checklist/events';
import { STEP_ID_PATTERN } from '$lib/domain/procedure/schema';
import { INCIDENT_ID } from '$lib/domain/incident/key';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { runChecklistStep } from '$lib/server/domain/checklist/commands';
import type { RequestHandler } from './$types';

const body = z.strictObject({
	action: z.enum(STEP_ACTIONS),
	answer: z.string().max(40).optional(),
	reason: z.string().max(STEP_TEXT_MAX).optional(),
	text: z.string().max(STEP_TEXT_MAX).optional()
});

/** Refusals about what was sent are 400; those about the checklist's state are 409. */
const INPUT_REFUSALS: readonly string[] = ['wrong_action', 'answer_required', 'invalid_answer', 'reason_required', 'text_required'] satisfies ChecklistRefusal[];

/**
 * Settle one step of an incident's checklist: `{action: done|skip|answer, answer?, reason?, text?}`.
 * 200 `{checklist, event}`; 400/409 `{message, reason}` with a fixed reason; 404 when the
 * incident, its checklist or the step is unknown.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site || !STEP_ID_PATTERN.test(params.step)) error(404, 'no such step');
	const user = requireSiteWatcher(locals.user, site);
	const input = await readJsonBody(request, body);
	const outcome = await runChecklistStep(locals.runtime.run, user, params.id, params.step, input);
	if (!outcome.ok) {
		const notFound = outcome.reason === 'not_found' || outcome.reason === 'no_checklist' || outcome.reason === 'unknown_step';
		const status = notFound ? 404 : INPUT_REFUSALS.includes(outcome.reason) ? 400 : 409;
		return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status });
	}
	return json({ checklist: outcome.checklist, event: outcome.event });
};
