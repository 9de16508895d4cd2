CREATE TABLE "rate_limit_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"phone" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"binding_hash" text,
	"auth_id" text,
	"provider_ref" text,
	"code_hash" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 0 NOT NULL,
	"sends" integer DEFAULT 0 NOT NULL,
	"last_sent_at" bigint,
	"provider_state" text,
	"display_name" text,
	"expires_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"completed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "verified_phones" (
	"phone" text PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"verification_id" text NOT NULL,
	"display_name" text,
	"verified_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_sms_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"from" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_events_lookup_idx" ON "rate_limit_events" USING btree ("bucket","key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "verifications_auth_id_unique" ON "verifications" USING btree ("auth_id");--> statement-breakpoint
CREATE INDEX "verifications_provider_ref_idx" ON "verifications" USING btree ("method","provider_ref");--> statement-breakpoint
CREATE INDEX "verifications_phone_idx" ON "verifications" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "verifications_expires_at_idx" ON "verifications" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "sandbox_sms_messages_to_idx" ON "sandbox_sms_messages" USING btree ("to","created_at");