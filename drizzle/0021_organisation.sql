CREATE TABLE "organisation" (
	"site" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"last_seq" bigint NOT NULL,
	"state" jsonb NOT NULL
);
