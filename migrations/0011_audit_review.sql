-- SECURITY.md L6: a review job flags unusual reading (bulk, outside grants). Every hour
-- the job (src/server/modules/audit-review/review.ts) counts, per person and clock hour,
-- the audit rows of the hours not reviewed yet and writes a flag for each rule a person
-- crossed; the organisation's administrator (org_admin) looks at the open flags and marks
-- them reviewed. See docs/decisions/0011-audit-review.md.

-- One flag: who (the reader), which rule, which hour, and the counts. Ids and counts only:
-- never a plan, its title, an owner or anybody's national id, phone or e-mail (L4).
create table audit_flags (
  id uuid primary key default gen_random_uuid(),
  -- The reader's own organisation (the one that administers their account): its
  -- administrators review the flag.
  organization_id uuid not null references organizations (id),
  person_id uuid not null references people (id),
  -- The role the reader acted in most often that hour, as the audit rows name it.
  reader_role text,
  kind text not null check (kind in ('bulk', 'denied', 'night')),
  period_start timestamptz not null,
  period_end timestamptz not null,
  -- Distinct plans read, plan-content reads, refused attempts in the period.
  plan_count integer not null check (plan_count >= 0),
  read_count integer not null check (read_count >= 0),
  denied_count integer not null check (denied_count >= 0),
  created_at timestamptz not null default now(),
  reviewed_at timestamptz,
  reviewed_by uuid references people (id),
  note text check (length(note) <= 1000),
  check (period_end > period_start),
  check ((reviewed_at is null) = (reviewed_by is null)),
  -- One flag per reader, rule and hour: a period reviewed twice adds nothing.
  unique (person_id, kind, period_start)
);
-- The administrator's list: an organisation's open flags, newest period first.
create index audit_flags_open_idx on audit_flags (organization_id, period_start desc, id desc)
  where reviewed_at is null;

-- The review job's watermark: audit rows with `at` before `reviewed_until` have been
-- reviewed. One row. It starts a day back, so the day before this migration is reviewed
-- too; a longer stretch of history can be reviewed by moving it back by hand.
create table audit_review_state (
  id boolean primary key default true check (id),
  reviewed_until timestamptz not null
);
insert into audit_review_state (reviewed_until)
  values (date_trunc('hour', now(), 'UTC') - interval '1 day');
