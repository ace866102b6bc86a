import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope } from '$lib/domain/events';
import { evolveTicket } from '$lib/domain/ticket/evolve';
import { siteOfTicket, ticketIdFor, type Ticket } from '$lib/domain/ticket/model';
import {
	decideAssign,
	decideClose,
	decideDone,
	decideFollowUp,
	decideOpen,
	decideReopen,
	decideStart,
	decideUpdate,
	type FollowUpInput,
	type NewTicket,
	type TicketContext,
	type TicketDecision,
	type TicketPatch,
	type TicketRefusal
} from '$lib/domain/ticket/rules';
import { newEvent, type RunCommand } from '../../commands';
import type { Tx } from '../../db/client';
import { readTicketContext } from './context';
import { getNextTicketNumber, getTicket } from './queries';

export type TicketCommandRefusal = TicketRefusal | 'not_found' | 'unknown_origin' | 'origin_ticketed';

export type TicketOutcome = { ok: true; ticket: Ticket; events: EventEnvelope[] } | { ok: false; reason: TicketCommandRefusal };

const actorOf = (user: SessionUser) => ({ id: user.id, role: user.role });

/**
 * One ticket command on its site's stream: under the site's lock, read the ticket and the site's
 * organisation and clock, decide, append as the user, project; then the ticket as the events
 * left it.
 */
async function runTicketCommand(
	run: RunCommand,
	user: SessionUser,
	site: string,
	decide: (tx: Tx, ctx: TicketContext) => Promise<{ ticket: Ticket | undefined; decision: TicketDecision } | { refused: TicketCommandRefusal }>
): Promise<TicketOutcome> {
	let before: Ticket | undefined;
	const outcome = await run<TicketCommandRefusal>(site, async ({ tx, now }) => {
		const decided = await decide(tx, await readTicketContext(tx, site, now));
		if ('refused' in decided) return { ok: false, reason: decided.refused };
		if (!decided.decision.ok) return decided.decision;
		before = decided.ticket;
		const events = decided.decision.events.map((e) => newEvent({ stream: site, type: e.type, sourceKind: 'user', sourceId: user.id, data: e.data }, now));
		return { ok: true, events };
	});
	if (!outcome.ok) return outcome;
	const ticket = outcome.envelopes.reduce<Ticket | undefined>((t, e) => evolveTicket(t, e), before);
	if (!ticket) throw new Error('a ticket command was appended but left no ticket');
	return { ok: true, ticket, events: outcome.envelopes };
}

/**
 * Open a ticket at a site. `check` reads what the origin needs under the same lock (an incident
 * or finding that exists, not already made into a ticket), and may fill in its place.
 */
export function openTicket(
	run: RunCommand,
	user: SessionUser,
	site: string,
	input: NewTicket,
	check?: (tx: Tx) => Promise<TicketCommandRefusal | null>
): Promise<TicketOutcome> {
	return runTicketCommand(run, user, site, async (tx, ctx) => {
		const refused = check ? await check(tx) : null;
		if (refused) return { refused };
		const id = ticketIdFor(site, await getNextTicketNumber(tx, site));
		return { ticket: undefined, decision: decideOpen(id, input, actorOf(user), ctx) };
	});
}

/** A command on one named ticket, decided on it as it stands. */
function onTicket(run: RunCommand, user: SessionUser, id: string, decide: (t: Ticket, ctx: TicketContext) => TicketDecision): Promise<TicketOutcome> {
	const site = siteOfTicket(id);
	if (!site) return Promise.resolve({ ok: false, reason: 'not_found' });
	return runTicketCommand(run, user, site, async (tx, ctx) => {
		const ticket = await getTicket(tx, id);
		if (!ticket) return { refused: 'not_found' };
		return { ticket, decision: decide(ticket, ctx) };
	});
}

export const assignTicket = (run: RunCommand, user: SessionUser, id: string, input: { assignee: string; department?: string | null }) =>
	onTicket(run, user, id, (t, ctx) => decideAssign(t, actorOf(user), input, ctx));

export const startTicket = (run: RunCommand, user: SessionUser, id: string, input: { photos: string[] }) =>
	onTicket(run, user, id, (t, ctx) => decideStart(t, actorOf(user), input, ctx));

export const finishTicket = (run: RunCommand, user: SessionUser, id: string, input: { note: string | null; photos: string[] }) =>
	onTicket(run, user, id, (t, ctx) => decideDone(t, actorOf(user), input, ctx));

export const followUpTicket = (run: RunCommand, user: SessionUser, id: string, input: FollowUpInput) =>
	onTicket(run, user, id, (t, ctx) => decideFollowUp(t, actorOf(user), input, ctx));

export const closeTicket = (run: RunCommand, user: SessionUser, id: string, input: { note: string | null }) =>
	onTicket(run, user, id, (t) => decideClose(t, actorOf(user), input));

export const reopenTicket = (run: RunCommand, user: SessionUser, id: string, input: { note: string }) =>
	onTicket(run, user, id, (t, ctx) => decideReopen(t, actorOf(user), input, ctx));

export const updateTicket = (run: RunCommand, user: SessionUser, id: string, patch: TicketPatch) =>
	onTicket(run, user, id, (t, ctx) => decideUpdate(t, actorOf(user), patch, ctx));
