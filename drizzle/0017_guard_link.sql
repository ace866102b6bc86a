CREATE TABLE "guard_link" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"site" text NOT NULL,
	"guard" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "guard_link" ADD CONSTRAINT "guard_link_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guard_link" ADD CONSTRAINT "guard_link_site_site_id_fk" FOREIGN KEY ("site") REFERENCES "public"."site"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "guard_link_guard_uq" ON "guard_link" USING btree ("site","guard");