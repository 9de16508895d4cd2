CREATE TABLE `sandbox_truid_callbacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`url` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`delivered_at` integer,
	`last_status` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_truid_callbacks_due_idx` ON `sandbox_truid_callbacks` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sandbox_truid_checks` (
	`check_id` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`phone_number` text NOT NULL,
	`status` text NOT NULL,
	`match` integer,
	`error_code` text,
	`code_hash` text,
	`pending_match` integer,
	`hop_nonce` text,
	`redirect_url` text,
	`callback_url` text,
	`reference_id` text,
	`ttl` integer NOT NULL,
	`patches` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_truid_checks_phone_idx` ON `sandbox_truid_checks` (`phone_number`,`created_at`);--> statement-breakpoint
CREATE INDEX `sandbox_truid_checks_status_idx` ON `sandbox_truid_checks` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `sandbox_truid_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`public_jwk` text NOT NULL,
	`private_pem` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sandbox_truid_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`scope` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer NOT NULL
);
