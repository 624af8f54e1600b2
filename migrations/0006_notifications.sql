-- Notifications: a person's choice to be notified at night too, and what the notification
-- worker and the coordinator's status view need to know of each delivery.

-- Quiet hours (QUIET_HOURS) hold notifications until the morning unless the person chose
-- to get them at night as well.
alter table people add column notify_at_night boolean not null default false;

-- A failed delivery that certainly sent nothing and may succeed later: the notification
-- job may try it again under the same idempotency key. A delivery whose outcome is unknown
-- (a timeout after the gateway got it, a crash while sending) is never retried.
alter table deliveries add column retryable boolean not null default false;
-- When the last attempt failed; shown (with last_error) to the coordinator as "failing".
alter table deliveries add column failed_at timestamptz;
