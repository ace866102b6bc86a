import postgres from 'postgres';
import { createFreshDatabase } from '../fixtures/app';

/**
 * PostgreSQL alone: the rows the pipeline writes (event-shaped, with the event table's
 * indexes), in durable batches of 500 from one connection, for `seconds`. Rows per second.
 */
export async function measurePostgres(serverUrl: string, seconds: number) {
	const fresh = await createFreshDatabase(serverUrl);
	const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
	try {
		await sql`create table ref_event (
			stream text not null, seq bigint not null, type text not null, source_kind text not null, source_id text not null,
			source_event_id text, at timestamptz(3) not null, received_at timestamptz(3) not null, clock_skew_ms bigint, data jsonb not null,
			primary key (stream, seq))`;
		await sql`create unique index on ref_event (stream, source_kind, source_id, source_event_id)`;
		await sql`create index on ref_event (stream, received_at)`;
		const BATCH = 500;
		let seq = 0;
		let rows = 0;
		const started = performance.now();
		while (performance.now() - started < seconds * 1000) {
			const now = new Date();
			const batch = Array.from({ length: BATCH }, () => {
				seq++;
				return {
					stream: `ref-${seq % 20}`,
					seq,
					type: 'CheckpointScanned',
					source_kind: 'device',
					source_id: `GW-${seq % 100}`,
					source_event_id: `r-${seq}`,
					at: now,
					received_at: now,
					data: { guard: `G-${seq % 50}`, checkpoint: `CP-${seq % 40}`, method: 'nfc' }
				};
			});
			await sql`insert into ref_event ${sql(batch, 'stream', 'seq', 'type', 'source_kind', 'source_id', 'source_event_id', 'at', 'received_at', 'data')}`;
			rows += BATCH;
		}
		const secs = (performance.now() - started) / 1000;
		return { batch: BATCH, seconds: Math.round(secs * 10) / 10, rows, rowsPerSecond: Math.round(rows / secs) };
	} finally {
		await sql.end({ timeout: 5 });
		await fresh.drop();
	}
}
