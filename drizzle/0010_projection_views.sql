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
	"site" text NOT NULL,
	"seq" bigint NOT NULL,
	"guard" text NOT NULL,
	"checkpoint" text NOT NULL,
	"device" text NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "recent_scan_site_seq_pk" PRIMARY KEY("site","seq")
);
