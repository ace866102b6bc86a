import type { EventEnvelope, EventType, SourceKind } from '$lib/domain/event';

/** Where an input came from, kept so a rejected input can be dead-lettered as received. */
export interface Origin {
	channel: 'mqtt' | 'http';
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
}

export interface NewDeadLetter {
	receivedAt: Date;
	channel: 'mqtt' | 'http';
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
