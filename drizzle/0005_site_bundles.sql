CREATE TABLE "place" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"parent" text,
	"building" text NOT NULL,
	"unit" text,
	"floor" integer,
	"room" text,
	CONSTRAINT "place_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
ALTER TABLE "device" ADD COLUMN "name" jsonb;--> statement-breakpoint
ALTER TABLE "site" ADD COLUMN "guards" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "site" ADD COLUMN "places" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "site" ADD COLUMN "floor_plans" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "place" ADD CONSTRAINT "place_site_site_id_fk" FOREIGN KEY ("site") REFERENCES "public"."site"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "place_parent_idx" ON "place" USING btree ("site","parent");