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
CREATE TABLE "notification" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"recipients" text[] NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"acknowledged_at" timestamp (3) with time zone,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_channel" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"kinds" text[] NOT NULL,
	"sites" text[],
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"delivery_id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"notification" text NOT NULL,
	"site" text NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"claimed_until" timestamp (3) with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"sent_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_rule" (
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"channels" text[] NOT NULL,
	"repeat_every" integer,
	CONSTRAINT "notification_rule_user_id_kind_pk" PRIMARY KEY("user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notification_seen" (
	"user_id" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_site_open_idx" ON "ticket" USING btree ("site","opened_at") WHERE "ticket"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_site_opened_idx" ON "ticket" USING btree ("site","opened_at");--> statement-breakpoint
CREATE INDEX "ticket_origin_idx" ON "ticket" USING btree ("origin_kind","origin_id");--> statement-breakpoint
CREATE INDEX "ticket_resident_idx" ON "ticket" USING btree ("resident") WHERE "ticket"."resident" is not null;--> statement-breakpoint
CREATE INDEX "notification_recipients_idx" ON "notification" USING gin ("recipients");--> statement-breakpoint
CREATE INDEX "notification_site_idx" ON "notification" USING btree ("site","at");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("next_attempt_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_outbox_channel_idx" ON "notification_outbox" USING btree ("channel","created_at");--> statement-breakpoint
CREATE INDEX "event_ticket_idx" ON "event" USING btree ("stream",("data" ->> 'ticket')) WHERE "event"."type" like 'Ticket%';