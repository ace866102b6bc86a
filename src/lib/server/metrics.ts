import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The runtime's Prometheus metrics, on a registry of its own (no global state). */
export function createMetrics() {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'shouwang_' });
	return {
		registry,
		eventsIngested: new Counter({
			name: 'shouwang_events_ingested_total',
			help: 'Events appended to the event log',
			labelNames: ['type'] as const,
			registers: [registry]
		}),
		duplicates: new Counter({
			name: 'shouwang_duplicates_total',
			help: 'Inputs recognised as already stored',
			registers: [registry]
		}),
		deadLetters: new Counter({
			name: 'shouwang_dead_letters_total',
			help: 'Inputs rejected to the dead-letter table',
			labelNames: ['channel'] as const,
			registers: [registry]
		}),
		refused: new Counter({
			name: 'shouwang_mqtt_refused_total',
			help: 'MQTT packets refused before reaching the bridge (e.g. oversized)',
			labelNames: ['reason'] as const,
			registers: [registry]
		}),
		commitLatency: new Histogram({
			name: 'shouwang_ingest_commit_seconds',
			help: 'Time from receipt of an input to the commit of its batch',
			buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
			registers: [registry]
		}),
		batchSize: new Histogram({
			name: 'shouwang_ingest_batch_size',
			help: 'Inputs per committed batch',
			buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
			registers: [registry]
		}),
		sockets: new Gauge({
			name: 'shouwang_sockets_connected',
			help: 'Connected Socket.IO clients',
			registers: [registry]
		}),
		dueItemsFired: new Counter({
			name: 'shouwang_due_items_fired_total',
			help: 'Due items the scheduler fired, by kind and outcome (ok, failed: backed off)',
			labelNames: ['kind', 'outcome'] as const,
			registers: [registry]
		}),
		schedulerLeader: new Gauge({
			name: 'shouwang_scheduler_leader',
			help: '1 while this process holds the scheduler lock and fires due items',
			registers: [registry]
		}),
		writerHealthy: new Gauge({
			name: 'shouwang_database_up',
			help: '1 while the single writer can commit, 0 while it waits for the database',
			registers: [registry]
		})
	};
}

export type Metrics = ReturnType<typeof createMetrics>;
