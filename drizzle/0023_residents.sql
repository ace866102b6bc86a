CREATE TABLE "resident" (
	"id" text PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"unit" text NOT NULL,
	"name" text,
	"phone" text,
	"note" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"erased_at" timestamp (3) with time zone,
	CONSTRAINT "resident_erased_ck" CHECK (case when "resident"."erased_at" is null then "resident"."name" is not null and "resident"."phone" is not null else "resident"."name" is null and "resident"."phone" is null and "resident"."note" is null end)
);
--> statement-breakpoint
ALTER TABLE "resident" ADD CONSTRAINT "resident_site_site_id_fk" FOREIGN KEY ("site") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resident_site_unit_idx" ON "resident" USING btree ("site","unit");