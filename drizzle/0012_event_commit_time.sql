CREATE TABLE "projection_keyframe" (
	"stream" text NOT NULL,
	"seq" bigint NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "projection_keyframe_stream_seq_pk" PRIMARY KEY("stream","seq")
);
--> statement-breakpoint
CREATE TABLE "site_bundle" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" text NOT NULL,
	"stored_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event" ADD COLUMN "committed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "stream_head" ADD COLUMN "committed_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "event_committed_at_idx" ON "event" USING btree ("stream","committed_at","seq");