import { ESCALATION_LEVELS, peopleAt, type EscalationLevel, type Organisation } from '../organisation/model';
import { SLA_STAGES, type SlaStage, type SlaTimer, type Ticket } from './model';
import type { TicketEventData } from './events';

/**
 * When a ticket's clocks speak: a warning at 80 % of a stage's time, the breach at its deadline
 * (reaching the department's supervisor), then one rung further up the chain (manager, service
 * centre) for every further stretch as long as the stage took, kept between 15 minutes and 4
 * hours. Escalation steps after a breach run around the clock. Pure, no I/O.
 */

const MINUTE = 60_000;
const STEP_MIN = 15 * MINUTE;
const STEP_MAX = 4 * 60 * MINUTE;
/** The rungs a breach climbs, in order: the assignee was told by the warning. */
const BREACH_RUNGS: readonly EscalationLevel[] = ESCALATION_LEVELS.slice(1);

export const warnAtOf = (t: SlaTimer): number => {
	const start = Date.parse(t.startedAt);
	return start + Math.round(0.8 * (Date.parse(t.dueAt) - start));
};

/** The instant each rung of a breach is due. */
function rungTimes(t: SlaTimer): { level: EscalationLevel; at: number }[] {
	const due = Date.parse(t.dueAt);
	const step = Math.min(STEP_MAX, Math.max(STEP_MIN, due - Date.parse(t.startedAt)));
	return BREACH_RUNGS.map((level, i) => ({ level, at: due + i * step }));
}

const rank = (level: EscalationLevel | null): number => (level === null ? -1 : ESCALATION_LEVELS.indexOf(level));

/** The next instant one of the ticket's clocks has something to say, or null when none will. */
export function nextTimerAt(ticket: Ticket): string | null {
	if (ticket.status === 'closed') return null;
	let next = Infinity;
	for (const stage of SLA_STAGES) {
		const t = ticket.sla[stage];
		if (!t || t.metAt) continue;
		const warnAt = warnAtOf(t);
		if (!t.warnedAt && !t.breachedAt && warnAt < Date.parse(t.dueAt)) next = Math.min(next, warnAt);
		const rung = rungTimes(t).find((r) => rank(r.level) > rank(t.level));
		if (rung) next = Math.min(next, rung.at);
	}
	return next === Infinity ? null : new Date(next).toISOString();
}

export type TicketTimerEvent =
	| { type: 'TicketSlaWarned'; data: TicketEventData['TicketSlaWarned'] }
	| { type: 'TicketEscalated'; data: TicketEventData['TicketEscalated'] };

/**
 * What the ticket's clocks say at `now` that has not been said: a warning not yet given (unless
 * the deadline passed first), and each rung of the chain now due above the one reached, in
 * order. The people are those the organisation names at that rung now.
 */
export function dueTimerEvents(ticket: Ticket, org: Organisation, now: Date): TicketTimerEvent[] {
	if (ticket.status === 'closed') return [];
	const out: TicketTimerEvent[] = [];
	const ms = now.getTime();
	for (const stage of SLA_STAGES) {
		const t = ticket.sla[stage];
		if (!t || t.metAt) continue;
		const due = Date.parse(t.dueAt);
		if (!t.warnedAt && !t.breachedAt && ms >= warnAtOf(t) && ms < due) {
			const to = peopleAt(org, 'assignee', ticket);
			out.push({ type: 'TicketSlaWarned', data: { ticket: ticket.id, stage, dueAt: t.dueAt, to: to.length ? to : peopleAt(org, 'supervisor', ticket) } });
		}
		for (const rung of rungTimes(t)) {
			if (rung.at > ms || rank(rung.level) <= rank(t.level)) continue;
			out.push({ type: 'TicketEscalated', data: { ticket: ticket.id, stage, level: rung.level, dueAt: t.dueAt, to: peopleAt(org, rung.level, ticket) } });
		}
	}
	return out;
}

/** A stage's state for the board: how long is left (negative once breached). */
export function stageStateAt(t: SlaTimer | undefined, now: number): { stage: 'none' | 'met' | 'running' | 'warning' | 'breached'; leftMs: number | null } {
	if (!t) return { stage: 'none', leftMs: null };
	if (t.metAt) return { stage: 'met', leftMs: null };
	const left = Date.parse(t.dueAt) - now;
	if (left < 0) return { stage: 'breached', leftMs: left };
	return { stage: now >= warnAtOf(t) ? 'warning' : 'running', leftMs: left };
}

/** The stage a ticket is racing against now: the first unmet one, in flow order. */
export function currentStage(ticket: Ticket): SlaStage | null {
	for (const stage of SLA_STAGES) {
		const t = ticket.sla[stage];
		if (t && !t.metAt) return stage;
	}
	return null;
}
