CREATE TABLE "test_window" (
	"site" text NOT NULL,
	"device" text NOT NULL,
	"point" text NOT NULL,
	"until" timestamp (3) with time zone NOT NULL,
	"reason" text NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "test_window_site_device_point_pk" PRIMARY KEY("site","device","point")
);
