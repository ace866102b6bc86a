CREATE TABLE "checkpoint" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	CONSTRAINT "checkpoint_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
CREATE TABLE "patrol_plan" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "patrol_plan_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
CREATE TABLE "patrol_round" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"route" text,
	"guard" text,
	"status" text NOT NULL,
	"planned_start" timestamp (3) with time zone NOT NULL,
	"opens_at" timestamp (3) with time zone,
	"takes_scans_until" timestamp (3) with time zone,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "patrol_round_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
CREATE INDEX "patrol_round_scan_idx" ON "patrol_round" USING btree ("site","takes_scans_until") WHERE "patrol_round"."kind" = 'round';--> statement-breakpoint
CREATE INDEX "patrol_round_active_idx" ON "patrol_round" USING btree ("site") WHERE "patrol_round"."status" in ('scheduled', 'in_progress');--> statement-breakpoint
CREATE INDEX "patrol_round_planned_idx" ON "patrol_round" USING btree ("site","planned_start");