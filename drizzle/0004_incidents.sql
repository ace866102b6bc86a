CREATE TABLE "incident" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"device" text NOT NULL,
	"point" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"priority" integer NOT NULL,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "incident_open_uq" ON "incident" USING btree ("site","device","point","kind") WHERE "incident"."status" not in ('resolved', 'closed');--> statement-breakpoint
CREATE INDEX "incident_site_status_idx" ON "incident" USING btree ("site","status");--> statement-breakpoint
CREATE INDEX "event_incident_idx" ON "event" USING btree ("stream",("data" ->> 'incident')) WHERE "event"."type" like 'Incident%';