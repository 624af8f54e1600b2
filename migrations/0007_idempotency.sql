-- Idempotency-Key on state-changing requests (SECURITY.md M4): a retried POST (a flaky
-- network, a double tap) returns the first answer instead of doing the work twice. Rows
-- hold the first response for a day and belong to the person who made the request.
create table idempotency_keys (
  person_id uuid not null references people (id),
  key text not null check (length(key) between 1 and 200),
  -- Method, route and body of the first request: a reuse with another request is refused.
  request_hash text not null,
  -- null while the first request is still running.
  status integer,
  response text,
  created_at timestamptz not null default now(),
  primary key (person_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys using brin (created_at);
