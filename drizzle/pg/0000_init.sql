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
CREATE TABLE "sandbox_truecaller_requests" (
	"request_id" text PRIMARY KEY NOT NULL,
	"flow" text NOT NULL,
	"phone" text NOT NULL,
	"partner_name" text NOT NULL,
	"state" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"answered_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sandbox_truecaller_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"phone" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_truecaller_traffic" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"request_id" text,
	"attempt" integer,
	"status" integer,
	"detail" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_truid_callbacks" (
	"id" serial PRIMARY KEY NOT NULL,
	"check_id" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint,
	"delivered_at" bigint,
	"last_status" integer,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_truid_checks" (
	"check_id" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"phone_number" text NOT NULL,
	"status" text NOT NULL,
	"match" boolean,
	"error_code" text,
	"code_hash" text,
	"pending_match" boolean,
	"hop_nonce" text,
	"redirect_url" text,
	"callback_url" text,
	"reference_id" text,
	"ttl" integer NOT NULL,
	"patches" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_truid_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" text NOT NULL,
	"private_pem" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_truid_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"scope" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"revoked_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_events_lookup_idx" ON "rate_limit_events" USING btree ("bucket","key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "verifications_auth_id_unique" ON "verifications" USING btree ("auth_id");--> statement-breakpoint
CREATE INDEX "verifications_provider_ref_idx" ON "verifications" USING btree ("method","provider_ref");--> statement-breakpoint
CREATE INDEX "verifications_phone_idx" ON "verifications" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "verifications_expires_at_idx" ON "verifications" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "sandbox_sms_messages_to_idx" ON "sandbox_sms_messages" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_truecaller_requests_phone_idx" ON "sandbox_truecaller_requests" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_truecaller_traffic_kind_idx" ON "sandbox_truecaller_traffic" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_truid_callbacks_due_idx" ON "sandbox_truid_callbacks" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE INDEX "sandbox_truid_checks_phone_idx" ON "sandbox_truid_checks" USING btree ("phone_number","created_at");--> statement-breakpoint
CREATE INDEX "sandbox_truid_checks_status_idx" ON "sandbox_truid_checks" USING btree ("status","created_at");