-- Messages (internmeldinger) inside a plan, their recipients with read status, and the
-- plan events that live updates and the browser's catch-up read.

create table messages (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  -- The first message of the thread; a new thread points at itself.
  thread_id uuid not null references messages (id) deferrable initially deferred,
  reply_to_id uuid references messages (id),
  sender_id uuid not null references people (id),
  sender_participant_id uuid not null references participants (id),
  subject text check (length(subject) between 1 and 200),
  body text not null check (length(body) between 1 and 20000),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  withdrawn_at timestamptz
);
create index messages_plan_idx on messages (plan_id, created_at desc, id desc);
create index messages_thread_idx on messages (thread_id, created_at, id);

-- Who a message was sent to: fixed when it is sent, shown on the message.
create table message_recipients (
  message_id uuid not null references messages (id),
  participant_id uuid not null references participants (id),
  person_id uuid not null references people (id),
  read_at timestamptz,
  primary key (message_id, participant_id)
);
create index message_recipients_unread_idx on message_recipients (person_id, message_id) where read_at is null;
create index message_recipients_person_idx on message_recipients (person_id);

-- Plan events for live updates (server-sent events) and catch-up after a reconnect. An
-- event names what happened and where, never content: the browser fetches what changed
-- through the ordinary, access-checked routes. `audience` narrows an event to some
-- people (e.g. a message's sender and recipients); null means everyone who may see
-- `section` (or the plan, when section is null).
create table plan_events (
  id bigint generated always as identity primary key,
  plan_id uuid not null references plans (id),
  type text not null check (type ~ '^[a-z]+\.[a-zA-Z]+$'),
  section text,
  subject_id uuid,
  audience uuid[],
  actor_id uuid references people (id),
  created_at timestamptz not null default now()
);
create index plan_events_created_idx on plan_events using brin (created_at);
