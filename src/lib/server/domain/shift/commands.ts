import type { SessionUser } from '$lib/domain/access';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { EventEnvelope } from '$lib/domain/events';
import { RowSet } from '$lib/domain/projection';
import { applyShiftEvent } from '$lib/domain/shift/evolve';
import { shiftIdFor, type HandoverSide, type LogKind, type NextShift, type Shift } from '$lib/domain/shift/model';
import {
	decideDutyLog,
	decideJoinShift,
	decideLeaveShift,
	decideProposeHandover,
	decideSignHandover,
	decideStartShift,
	type ShiftDecision,
	type ShiftRefusal,
	type ShiftStart
} from '$lib/domain/shift/rules';
import { newEvent, type CommandContext, type RunCommand } from '../../commands';
import { getNextShiftNumber, getShift, getShiftOnDuty, listShiftSites, listStaff, readHandoverListing, staffRolesOf } from './queries';

export type ShiftCommandRefusal = ShiftRefusal | 'not_found';

/** The shift as the command left it, and the one it started (a handover's second signature, or a start). */
export type ShiftOutcome = { ok: true; shift: Shift; started: Shift | null; events: EventEnvelope[] } | { ok: false; reason: ShiftCommandRefusal };

/**
 * One shift command on the system stream: under its lock, read what the rule needs, decide,
 * append as the user, project; then the shifts as the events left them.
 */
async function runShiftCommand(
	run: RunCommand,
	user: SessionUser,
	decide: (ctx: CommandContext) => Promise<{ decision: ShiftDecision; loaded: Shift[] } | { refused: ShiftCommandRefusal }>
): Promise<ShiftOutcome> {
	let loaded: Shift[] = [];
	const outcome = await run<ShiftCommandRefusal>(SYSTEM_STREAM, async (ctx) => {
		const decided = await decide(ctx);
		if ('refused' in decided) return { ok: false, reason: decided.refused };
		if (!decided.decision.ok) return decided.decision;
		loaded = decided.loaded;
		const events = decided.decision.events.map((e) =>
			newEvent({ stream: SYSTEM_STREAM, type: e.type, sourceKind: 'user', sourceId: user.id, data: e.data }, ctx.now)
		);
		return { ok: true, events };
	});
	if (!outcome.ok) return outcome;
	const rows = new RowSet(loaded);
	const changed = outcome.envelopes.flatMap((e) => applyShiftEvent(rows, e));
	const shiftOf = (e: EventEnvelope) => rows.get((e.data as { shift: string }).shift);
	const shift = shiftOf(outcome.envelopes[0]);
	const startedEvent = outcome.envelopes.find((e) => e.type === 'ShiftStarted');
	const started = startedEvent ? (shiftOf(startedEvent) ?? null) : null;
	if (!shift || !changed.length) throw new Error('a shift command was appended but changed no shift');
	return { ok: true, shift, started, events: outcome.envelopes };
}

const actorOf = (user: SessionUser) => ({ id: user.id, role: user.role });

/** Start a shift when none is on duty. */
export function startShift(run: RunCommand, user: SessionUser, input: ShiftStart): Promise<ShiftOutcome> {
	return runShiftCommand(run, user, async ({ tx }) => {
		const [onDuty, staff, n] = await Promise.all([getShiftOnDuty(tx), listStaff(tx), getNextShiftNumber(tx)]);
		return { decision: decideStartShift(onDuty ?? undefined, actorOf(user), input, staffRolesOf(staff), shiftIdFor(n)), loaded: [] };
	});
}

/** A command on one named shift, decided on it as it stands. */
function onShift(run: RunCommand, user: SessionUser, id: string, decide: (shift: Shift, ctx: CommandContext) => Promise<ShiftDecision> | ShiftDecision) {
	return runShiftCommand(run, user, async (ctx) => {
		const shift = await getShift(ctx.tx, id);
		if (!shift) return { refused: 'not_found' };
		return { decision: await decide(shift, ctx), loaded: [shift] };
	});
}

export const joinShift = (run: RunCommand, user: SessionUser, id: string) => onShift(run, user, id, (shift) => decideJoinShift(shift, actorOf(user)));

export const leaveShift = (run: RunCommand, user: SessionUser, id: string) => onShift(run, user, id, (shift) => decideLeaveShift(shift, actorOf(user)));

export const writeDutyLog = (run: RunCommand, user: SessionUser, id: string, input: { kind: LogKind; text: string }) =>
	onShift(run, user, id, (shift) => decideDutyLog(shift, actorOf(user), input));

/**
 * Propose the handover: what stands open at the shift's sites is read now, in the command's
 * transaction, and kept in the event, so the record shows what the incoming side signed for.
 */
export const proposeHandover = (run: RunCommand, user: SessionUser, id: string, input: { next: NextShift; notes: string }) =>
	onShift(run, user, id, async (shift, { tx }) => {
		if (shift.endedAt !== null) return { ok: false, reason: 'shift_ended' };
		const [staff, listing] = await Promise.all([listStaff(tx), listShiftSites(tx, shift).then((sites) => readHandoverListing(tx, sites))]);
		return decideProposeHandover(shift, actorOf(user), input, staffRolesOf(staff), listing);
	});

/** Sign one side of the handover; the second signature starts the next shift in the same transaction. */
export const signHandover = (run: RunCommand, user: SessionUser, id: string, side: HandoverSide) =>
	onShift(run, user, id, async (shift, { tx }) => decideSignHandover(shift, actorOf(user), side, shiftIdFor(await getNextShiftNumber(tx))));
