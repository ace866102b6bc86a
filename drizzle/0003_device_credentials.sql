CREATE TABLE "device_credential" (
	"site" text NOT NULL,
	"device" text NOT NULL,
	"username" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "device_credential_site_device_pk" PRIMARY KEY("site","device"),
	CONSTRAINT "device_credential_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "device_credential" ADD CONSTRAINT "device_credential_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_credential" ADD CONSTRAINT "device_credential_device_fk" FOREIGN KEY ("site","device") REFERENCES "public"."device"("site","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_audit_idx" ON "event" USING btree ("received_at") WHERE "event"."source_kind" <> 'device';