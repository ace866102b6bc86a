import { m } from '$lib/paraglide/messages.js';

/**
 * An admin form's result, as the users and devices pages' actions return it: which form
 * (action and target), and on failure the problem and the fields the API refused.
 */
export interface FormOutcome {
	action: string;
	target: string | null;
	problem: string | null;
	fields: string[];
}

/** The outcome if it belongs to this form, else null. */
export function outcomeFor<O extends FormOutcome>(outcome: O | null | undefined, actions: string[], target: string | null): O | null {
	return outcome && actions.includes(outcome.action) && outcome.target === target ? outcome : null;
}

const userFieldErrors: Record<string, (min: number) => string> = {
	username: () => m.users_error_username(),
	displayName: () => m.users_error_display_name(),
	role: () => m.users_error_role(),
	password: (min) => m.users_error_password({ min }),
	sites: () => m.users_error_sites()
};

/** Why a user form was refused, in the reader's language: one line per refused field, or the problem. */
export function describeUserProblem(outcome: FormOutcome | null, passwordMinLength: number): string[] {
	if (!outcome?.problem) return [];
	if (outcome.problem === 'taken') return [m.users_error_taken()];
	if (outcome.problem === 'missing') return [m.users_error_missing()];
	if (outcome.problem !== 'invalid') return [m.users_error_failed()];
	const lines = outcome.fields.map((f) => userFieldErrors[f]?.(passwordMinLength)).filter((l) => l !== undefined);
	return lines.length ? lines : [m.users_error_invalid()];
}

const deviceFieldErrors: Record<string, () => string> = {
	id: () => m.devices_error_id(),
	kind: () => m.devices_error_kind()
};

/** Why a device form was refused, in the reader's language. */
export function describeDeviceProblem(outcome: FormOutcome | null): string[] {
	if (!outcome?.problem) return [];
	if (outcome.problem === 'exists') return [m.devices_error_exists()];
	if (outcome.problem === 'missing') return [m.devices_error_missing()];
	if (outcome.problem !== 'invalid') return [m.devices_error_failed()];
	const lines = outcome.fields.map((f) => deviceFieldErrors[f]?.()).filter((l) => l !== undefined);
	return lines.length ? lines : [m.devices_error_invalid()];
}
