CREATE TABLE "checklist" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"closed_at" timestamp (3) with time zone,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_version" (
	"procedure" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"published_by" text NOT NULL,
	CONSTRAINT "procedure_version_procedure_version_pk" PRIMARY KEY("procedure","version")
);
--> statement-breakpoint
CREATE INDEX "checklist_site_open_idx" ON "checklist" USING btree ("site") WHERE "checklist"."closed_at" is null;