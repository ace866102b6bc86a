import type { EventData, EventEnvelope, EventType } from '$lib/domain/events';
import type { SourceKind } from '$lib/domain/envelope';
import type { StatusReport } from '$lib/domain/device/status';

/** Where an input came from, kept so a rejected input can be dead-lettered as received. */
export interface Origin {
	channel: 'mqtt' | 'http' | 'system';
	topic: string | null;
	raw: Buffer;
}

/** An event to append, typed by its type: `data` is what that type's schema declares. */
export type NewEvent<T extends EventType = EventType> = {
	[K in T]: {
		stream: string;
		type: K;
		sourceKind: SourceKind;
		sourceId: string;
		/** The source's own id for the input; (stream, source, id) is stored once. */
		sourceEventId: string | null;
		at: Date;
		receivedAt: Date;
		/**
		 * When the source says it sent this (a guard's phone, whose items may wait offline): its
		 * clock is then judged by this against `receivedAt`, not by `at`.
		 */
		sentAt?: Date;
		data: EventData<K>;
	};
}[T];

/** A device's heartbeat (or the server's inference that it fell silent), for the device projection to decide on. */
export interface DeviceStatusReport extends StatusReport {
	site: string;
	device: string;
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

/**
 * What the projections changed in one transaction, per site and projection, as the browser
 * receives it in `site:projections`: rows to replace by id, ids to drop.
 */
export type ProjectionUpdates = Map<string, Record<string, { upsert: { id: string }[]; remove: string[] }>>;

/** One committed batch, as the bus carries it. */
export interface Committed {
	envelopes: EventEnvelope[];
	updates: ProjectionUpdates;
}
