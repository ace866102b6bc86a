CREATE TABLE "shift" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "shift_started_idx" ON "shift" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "shift_on_duty_idx" ON "shift" USING btree ("started_at") WHERE "shift"."ended_at" is null;