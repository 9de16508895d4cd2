ALTER TABLE `sessions` ADD `token` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `token_expires_at` integer;