CREATE TABLE "photo" (
	"site" text NOT NULL,
	"hash" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "photo_site_hash_pk" PRIMARY KEY("site","hash")
);
--> statement-breakpoint
CREATE TABLE "finding" (
	"site" text NOT NULL,
	"id" text NOT NULL,
	"status" text NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint NOT NULL,
	"state" jsonb NOT NULL,
	CONSTRAINT "finding_site_id_pk" PRIMARY KEY("site","id")
);
--> statement-breakpoint
ALTER TABLE "photo" ADD CONSTRAINT "photo_site_site_id_fk" FOREIGN KEY ("site") REFERENCES "public"."site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photo" ADD CONSTRAINT "photo_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finding_open_idx" ON "finding" USING btree ("site","reported_at") WHERE "finding"."status" = 'open';