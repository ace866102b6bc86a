import type { LocalizedName } from '../site/model';
import type { IncidentKind } from '../incident/model';

/**
 * Emergency procedures: the written plan an operator follows for each kind of incident (the fire
 * steps of GB 25201-2010, the elevator entrapment steps, …). A procedure is versioned: an edit
 * makes a new version and an incident keeps the version it opened with (its checklist carries
 * the rules of that version, so a replay needs nothing else). Pure, no I/O.
 */

/** Words in the three languages the product ships. */
export type Text = LocalizedName;

/**
 * - `check`: confirm something was done (look at the camera, switch the linkage to automatic);
 * - `call`: dial a number (`phone`), then mark it done;
 * - `note`: write something down (what the fault form says, who arrived when);
 * - `choice`: answer one of `options`; steps with `when` on it apply only after that answer.
 */
export const STEP_KINDS = ['check', 'call', 'note', 'choice'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface ProcedureOption {
	/** Unique within its step: `real`, `false`. */
	id: string;
	label: Text;
}

export interface ProcedureStep {
	/** Unique within the procedure, stable across versions where the step means the same. */
	id: string;
	kind: StepKind;
	title: Text;
	/** How to do it, shown under the title. */
	detail?: Text;
	/** A required step must be done (or answered, or skipped with a reason) before the incident may be resolved. */
	required: boolean;
	/** Minutes from the incident's opening by which the step must be settled ("call 119 within 3 minutes"). */
	limitMinutes?: number;
	/** Forced order: not before every earlier required step that applies is settled. */
	ordered?: boolean;
	/** The number a `call` step dials. */
	phone?: string;
	/** The step opens the alarm point's camera link (the fire procedure's "confirm"). */
	camera?: boolean;
	/** The answers of a `choice` step. */
	options?: ProcedureOption[];
	/** The step applies only once this earlier choice step was answered with `answer`. */
	when?: { step: string; answer: string };
}

export interface Procedure {
	/** One procedure per incident kind: its id is the kind's. */
	id: IncidentKind;
	title: Text;
	/** One paragraph on when it applies. */
	summary: Text;
	steps: ProcedureStep[];
}

/** One stored version of a procedure, as published. */
export interface ProcedureVersion extends Procedure {
	version: number;
	publishedAt: string;
	/** A user id, or `shipped` for the content the product ships. */
	publishedBy: string;
}
