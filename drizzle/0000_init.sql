CREATE TABLE "event" (
	"stream" text NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"source_event_id" text,
	"at" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"clock_skew_ms" integer,
	"data" jsonb NOT NULL,
	CONSTRAINT "event_stream_seq_pk" PRIMARY KEY("stream","seq"),
	CONSTRAINT "event_source_kind_ck" CHECK ("event"."source_kind" in ('device', 'user', 'system'))
);
--> statement-breakpoint
CREATE TABLE "stream_head" (
	"stream" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letter" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"channel" text NOT NULL,
	"topic" text,
	"site" text,
	"device" text,
	"reason" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	"kind" text,
	"online" boolean,
	"interval_s" integer,
	"last_seen_at" timestamp (3) with time zone,
	CONSTRAINT "device_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
CREATE TABLE "site" (
	"id" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"address" jsonb NOT NULL,
	"time_zone" text NOT NULL,
	"center" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device" ADD CONSTRAINT "device_site_site_id_fk" FOREIGN KEY ("site") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_source_uq" ON "event" USING btree ("stream","source_kind","source_id","source_event_id");--> statement-breakpoint
CREATE INDEX "event_received_at_idx" ON "event" USING btree ("stream","received_at");--> statement-breakpoint
CREATE INDEX "dead_letter_received_at_idx" ON "dead_letter" USING btree ("received_at");