CREATE TABLE `idempotent_requests` (
	`scoped_key` text PRIMARY KEY NOT NULL,
	`body_hash` text NOT NULL,
	`status` integer,
	`body` text,
	`binding` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `start_locks` (
	`key` text PRIMARY KEY NOT NULL,
	`verification_id` text,
	`created_at` integer NOT NULL
);
