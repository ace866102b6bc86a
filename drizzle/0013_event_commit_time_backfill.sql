-- Events stored before commit times were recorded: their receipt time, never earlier than an
-- earlier seq's, so commit time stays non-decreasing along each stream.
UPDATE "event" e SET "committed_at" = m.c
FROM (SELECT stream, seq, max(received_at) OVER (PARTITION BY stream ORDER BY seq) AS c FROM "event") m
WHERE e.stream = m.stream AND e.seq = m.seq AND e.committed_at IS NULL;
--> statement-breakpoint
UPDATE "stream_head" h SET "committed_at" = x.c
FROM (SELECT stream, max(committed_at) AS c FROM "event" GROUP BY stream) x
WHERE h.stream = x.stream AND h.committed_at IS NULL;
