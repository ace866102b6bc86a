CREATE TABLE "guard_position" (
	"site" text NOT NULL,
	"guard" text NOT NULL,
	"seq" bigint NOT NULL,
	"checkpoint" text NOT NULL,
	"device" text NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "guard_position_site_guard_pk" PRIMARY KEY("site","guard")
);
--> statement-breakpoint
CREATE TABLE "daily_count" (
	"site" text NOT NULL,
	"day" text NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "daily_count_site_day_pk" PRIMARY KEY("site","day")
);
--> statement-breakpoint
CREATE TABLE "recent_scan" (
	"site" text PRIMARY KEY NOT NULL,
	"scans" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "due_item" (
	"key" text PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "due_item_due_at_idx" ON "due_item" USING btree ("due_at");