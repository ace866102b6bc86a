import type { EventEnvelope, EventType, SourceKind } from '$lib/domain/event';
import type { Incident } from '$lib/domain/incident';
import type { Tx } from '../db/client';

/** Where an input came from, kept so a rejected input can be dead-lettered as received. */
export interface Origin {
	channel: 'mqtt' | 'http' | 'system';
	topic: string | null;
	raw: Buffer;
}

export interface NewEvent {
	stream: string;
	type: EventType;
	sourceKind: SourceKind;
	sourceId: string;
	/** The source's own id for the input; (stream, source, id) is stored once. */
	sourceEventId: string | null;
	at: Date;
	receivedAt: Date;
	data: object;
}

export interface DeviceStatusReport {
	site: string;
	device: string;
	online: boolean;
	at: Date | null;
	interval: number | null;
	receivedAt: Date;
	/**
	 * Not a report from the device but the server's inference that it went silent: applies only
	 * if the device has still not been seen since this time (a heartbeat may just have come in).
	 */
	silentSince?: Date;
}

export interface NewDeadLetter {
	receivedAt: Date;
	channel: 'mqtt' | 'http' | 'system';
	topic: string | null;
	site: string | null;
	device: string | null;
	reason: string;
	raw: Buffer;
}

/** One unit of work for the single writer. */
export type WriteItem =
	| { kind: 'event'; event: NewEvent; origin: Origin }
	| { kind: 'status'; status: DeviceStatusReport; origin: Origin }
	| { kind: 'dead'; letter: NewDeadLetter };

export type WriteOutcome =
	| { status: 'stored'; envelope: EventEnvelope }
	| { status: 'duplicate'; seq: number }
	/** A heartbeat that changed nothing: device row updated, no event. */
	| { status: 'noted' }
	| { status: 'rejected'; reasons: string[] };

/** What the projections changed in one transaction, for the broadcast after commit. */
export interface ProjectionChanges {
	incidents: Incident[];
}

/**
 * Keeps the projections up to date inside the appending transaction, in two steps that ride on
 * the append's own round trips: `load` reads what the batch's inputs may touch (sent with the
 * head lock), `apply` evolves it by the numbered events and returns its writes unawaited (sent
 * with the event insert).
 */
export interface Projector<State = unknown> {
	load(tx: Tx, items: WriteItem[]): Promise<State>;
	/** The event as it is to be stored, given what `load` read (test mode marks events here). */
	stamp?(event: NewEvent, state: State): NewEvent;
	apply(tx: Tx, envelopes: EventEnvelope[], state: State): { changes: ProjectionChanges; writes: Promise<unknown>[] };
}

export const NO_CHANGES: ProjectionChanges = { incidents: [] };
