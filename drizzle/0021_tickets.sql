CREATE TABLE "ticket" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"status" text NOT NULL,
	"category" text NOT NULL,
	"department" text,
	"assignee" text,
	"resident" text,
	"origin_kind" text NOT NULL,
	"origin_id" text,
	"opened_at" timestamp (3) with time zone NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_site_open_idx" ON "ticket" USING btree ("site","opened_at") WHERE "ticket"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_site_opened_idx" ON "ticket" USING btree ("site","opened_at");--> statement-breakpoint
CREATE INDEX "ticket_origin_idx" ON "ticket" USING btree ("origin_kind","origin_id");--> statement-breakpoint
CREATE INDEX "ticket_resident_idx" ON "ticket" USING btree ("resident") WHERE "ticket"."resident" is not null;--> statement-breakpoint
CREATE INDEX "event_ticket_idx" ON "event" USING btree ("stream",("data" ->> 'ticket')) WHERE "event"."type" like 'Ticket%';