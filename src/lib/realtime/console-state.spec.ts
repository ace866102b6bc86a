import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '$lib/domain/events';
import { newestFirst } from './console-state.svelte';

const event = (site: string, seq: number, receivedAt: string) => ({ site, seq, receivedAt }) as EventEnvelope;

describe('the feed order', () => {
	it('keeps each site by seq, even where its receipt times disagree, and interleaves the sites by receipt', () => {
		const a1 = event('a', 1, '2026-03-09T01:00:01Z');
		const a2 = event('a', 2, '2026-03-09T01:00:05Z');
		// Received before seq 2 (another bridge connection), committed after it.
		const a3 = event('a', 3, '2026-03-09T01:00:04Z');
		const b7 = event('b', 7, '2026-03-09T01:00:03Z');
		const b8 = event('b', 8, '2026-03-09T01:00:06Z');
		expect(newestFirst([a1, b7, a3, b8, a2])).toEqual([b8, a3, a2, b7, a1]);
		expect(newestFirst([a1, b7, a3, b8, a2], 2)).toEqual([b8, a3]);
	});
});
