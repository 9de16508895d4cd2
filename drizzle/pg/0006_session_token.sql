ALTER TABLE "sessions" ADD COLUMN "token" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "token_expires_at" bigint;