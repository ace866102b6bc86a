import type { StepKind } from '../procedure/model';

/**
 * A checklist: an incident's procedure being worked through. It carries the rules of the version
 * attached when the incident opened (texts stay in the procedure version, looked up by
 * `procedure`@`version`), and who settled each step when. Pure, no I/O.
 */

/** What the rules need of a procedure step. */
export interface StepRule {
	id: string;
	kind: StepKind;
	required: boolean;
	limitMinutes?: number;
	ordered?: boolean;
	/** A choice's option ids. */
	options?: string[];
	when?: { step: string; answer: string };
}

export const STEP_OUTCOMES = ['done', 'answered', 'skipped'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** How a step was settled: by whom (a user id) and when (the server's receipt). */
export interface StepResult {
	outcome: StepOutcome;
	/** A choice's option id. */
	answer?: string;
	/** Why it was skipped. */
	reason?: string;
	/** What a note step wrote, or a remark on any other step. */
	text?: string;
	by: string;
	at: string;
}

export interface Checklist {
	/** The incident's id: one checklist per incident. */
	id: string;
	site: string;
	procedure: string;
	version: number;
	drill: boolean;
	/** The incident's opening: time limits count from it. */
	openedAt: string;
	steps: StepRule[];
	results: Record<string, StepResult>;
	/** Steps flagged past their time limit, and when. */
	overdue: Record<string, string>;
	/** When the incident was resolved: no step falls due after it. */
	endedAt: string | null;
	/** When the incident was closed: the console no longer shows it. */
	closedAt: string | null;
	lastSeq: number;
}

/** Settled steps of the ones that apply, as the queue shows it (3/7). */
export interface ChecklistProgress {
	settled: number;
	total: number;
	/** Open steps flagged past their time limit. */
	overdue: number;
}
