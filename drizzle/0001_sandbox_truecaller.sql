CREATE TABLE `sandbox_truecaller_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`flow` text NOT NULL,
	`phone` text NOT NULL,
	`partner_name` text NOT NULL,
	`state` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`answered_at` integer
);
--> statement-breakpoint
CREATE INDEX `sandbox_truecaller_requests_phone_idx` ON `sandbox_truecaller_requests` (`phone`,`created_at`);--> statement-breakpoint
CREATE TABLE `sandbox_truecaller_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`phone` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sandbox_truecaller_traffic` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`request_id` text,
	`attempt` integer,
	`status` integer,
	`detail` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sandbox_truecaller_traffic_kind_idx` ON `sandbox_truecaller_traffic` (`kind`,`created_at`);