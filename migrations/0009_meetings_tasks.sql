-- Meetings (ansvarsgruppemøter) with invitees and their answers, agenda points added by
-- invitees, minutes (referat) with decisions and follow-ups, versioned once approved; each
-- person's private calendar feed; and tasks, which a follow-up can become in one step.

create table meetings (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  -- As the coordinator chose it: the only text of the meeting a calendar feed shows.
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- A place or a video link.
  location text not null check (length(location) between 1 and 500),
  agenda text not null default '' check (length(agenda) <= 10000),
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  -- iCalendar SEQUENCE: grows with every change a calendar shows (time, place, title, status).
  sequence integer not null default 0,
  version integer not null default 1,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  updated_by uuid not null references people (id),
  updated_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid references people (id),
  check (ends_at > starts_at)
);
create index meetings_plan_idx on meetings (plan_id, starts_at desc, id desc);

-- Who is invited: fixed participants of the plan, each with their answer.
create table meeting_invitees (
  meeting_id uuid not null references meetings (id),
  participant_id uuid not null references participants (id),
  person_id uuid not null references people (id),
  answer text check (answer in ('yes', 'no', 'maybe')),
  answered_at timestamptz,
  primary key (meeting_id, participant_id)
);
create index meeting_invitees_person_idx on meeting_invitees (person_id, meeting_id);

-- Points an invitee adds to the agenda before the meeting.
create table meeting_agenda_points (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id),
  text text not null check (length(text) between 1 and 2000),
  added_by uuid not null references people (id),
  added_by_participant uuid not null references participants (id),
  created_at timestamptz not null default now()
);
create index meeting_agenda_points_meeting_idx on meeting_agenda_points (meeting_id, created_at, id);

-- The minutes (referat): text, decisions (a list of strings) and follow-ups (a list of
-- { id, text, assigneeId?, dueDate? }). Once approved, every change keeps the version it
-- replaces in meeting_minutes_versions.
create table meeting_minutes (
  meeting_id uuid primary key references meetings (id),
  data jsonb not null,
  version integer not null default 1,
  approved_at timestamptz,
  approved_by uuid references people (id),
  updated_by uuid not null references people (id),
  updated_at timestamptz not null default now()
);
create table meeting_minutes_versions (
  meeting_id uuid not null references meetings (id),
  version integer not null,
  data jsonb not null,
  approved_at timestamptz,
  approved_by uuid references people (id),
  changed_by uuid not null references people (id),
  changed_at timestamptz not null,
  primary key (meeting_id, version)
);

-- A person's private calendar feed: only the SHA-256 of its secret is kept. A new secret
-- revokes the old one; a revoked row stays for the record.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  secret_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create unique index calendar_feeds_one_live on calendar_feeds (person_id) where revoked_at is null;

create table tasks (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  title text not null check (length(title) between 1 and 200),
  description text check (length(description) <= 10000),
  assignee_participant_id uuid references participants (id),
  due_date date,
  status text not null default 'open' check (status in ('open', 'done')),
  done_at timestamptz,
  done_by uuid references people (id),
  -- A task made from a meeting's follow-up: the meeting and the follow-up's id.
  meeting_id uuid references meetings (id),
  followup_id uuid,
  -- The due date a reminder was queued for (the day before), so the job queues it once.
  reminded_for date,
  version integer not null default 1,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  updated_by uuid not null references people (id),
  updated_at timestamptz not null default now(),
  check ((meeting_id is null) = (followup_id is null))
);
create index tasks_plan_idx on tasks (plan_id, created_at desc, id desc);
create index tasks_assignee_idx on tasks (assignee_participant_id, created_at desc, id desc);
create index tasks_open_due_idx on tasks (due_date) where status = 'open';
create unique index tasks_one_per_followup on tasks (meeting_id, followup_id) where meeting_id is not null;
