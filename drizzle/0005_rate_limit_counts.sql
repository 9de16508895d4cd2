CREATE TABLE `rate_limit_counts` (
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`slot` integer NOT NULL,
	`events` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`bucket`, `key`, `slot`)
);
--> statement-breakpoint
-- The events of the last day, carried over in one-minute slots so that a deploy resets no budget.
INSERT INTO `rate_limit_counts` (`bucket`, `key`, `slot`, `events`, `last_at`)
SELECT `bucket`, `key`, `created_at` / 60000 * 60000, count(*), max(`created_at`)
FROM `rate_limit_events` GROUP BY `bucket`, `key`, `created_at` / 60000 * 60000;
--> statement-breakpoint
DROP TABLE `rate_limit_events`;