CREATE TABLE "due_item" (
	"key" text PRIMARY KEY NOT NULL,
	"stream" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "due_item_due_at_idx" ON "due_item" USING btree ("due_at");