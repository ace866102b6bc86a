CREATE TABLE "sign_in_throttle" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"last_address" text,
	"last_user_agent" text,
	CONSTRAINT "sign_in_throttle_scope_key_pk" PRIMARY KEY("scope","key"),
	CONSTRAINT "sign_in_throttle_scope_ck" CHECK ("sign_in_throttle"."scope" in ('account', 'address'))
);
--> statement-breakpoint
DROP TABLE "login_failure" CASCADE;--> statement-breakpoint
CREATE INDEX "sign_in_throttle_window_idx" ON "sign_in_throttle" USING btree ("window_start");