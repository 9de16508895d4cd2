CREATE TABLE "sms_number_failures" (
	"phone" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" bigint,
	"updated_at" bigint NOT NULL
);
