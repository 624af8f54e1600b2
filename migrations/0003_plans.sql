-- Plans: the individuell plan (type ip) and enkelt samspill (type simple), their care team
-- with per-section access, consents, section content with versions, and the owner's page.

create table plans (
  id uuid primary key default gen_random_uuid(),
  -- The municipality (or other organisation) responsible for the plan.
  organization_id uuid not null references organizations (id),
  type text not null check (type in ('ip', 'simple')),
  title text not null check (length(title) between 1 and 200),
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  owner_id uuid not null references people (id),
  coordinator_id uuid not null references people (id),
  period_start date,
  period_end date,
  next_revision date,
  version integer not null default 1,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_end is null or period_start is null or period_end >= period_start)
);
-- One individuell plan per person (forskriften): a second open IP for the same owner is refused.
create unique index plans_one_open_ip_per_owner on plans (owner_id) where type = 'ip' and status <> 'closed';
create index plans_organization_idx on plans (organization_id, created_at desc);

-- The care team. Access is per section: { "<section>": "none" | "read" | "write" }.
create table participants (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  person_id uuid not null references people (id),
  role text not null check (role in ('owner', 'guardian', 'relative', 'coordinator', 'professional')),
  function_title text check (length(function_title) <= 120),
  organization_name text check (length(organization_name) <= 200),
  responsibility text check (length(responsibility) <= 2000),
  access jsonb not null default '{}'::jsonb,
  valid_until timestamptz,
  version integer not null default 1,
  created_by uuid references people (id),
  created_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by uuid references people (id)
);
create unique index participants_one_active_per_person on participants (plan_id, person_id) where removed_at is null;
create index participants_person_idx on participants (person_id) where removed_at is null;
create index participants_plan_idx on participants (plan_id);

-- Consents: to the plan itself, and to sharing confidential information with a participant.
create table consents (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  kind text not null check (kind in ('plan', 'sharing')),
  participant_id uuid references participants (id),
  given_by uuid not null references people (id),
  method text not null check (method in ('digital', 'paper')),
  -- For paper consent: the date on the signed form.
  given_on date not null default current_date,
  text_version text not null,
  consent_text text not null,
  recorded_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references people (id),
  check (kind = 'plan' or participant_id is not null)
);
create index consents_plan_idx on consents (plan_id, created_at desc);
create index consents_participant_idx on consents (participant_id) where withdrawn_at is null;

-- Section content: goals, measures, evaluations, log, contributions, cooperation. The
-- fields of each section live in `data`, validated by the section's schema.
create table plan_items (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  section text not null check (section in ('goals', 'measures', 'evaluations', 'log', 'contributions', 'cooperation')),
  parent_id uuid references plan_items (id),
  data jsonb not null,
  version integer not null default 1,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  updated_by uuid not null references people (id),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  deleted_by uuid references people (id)
);
create index plan_items_list_idx on plan_items (plan_id, section, created_at desc, id desc) where deleted_at is null;

-- Every earlier version of an item: who changed what, and when.
create table plan_item_versions (
  item_id uuid not null references plan_items (id),
  version integer not null,
  data jsonb not null,
  changed_by uuid not null references people (id),
  changed_at timestamptz not null,
  primary key (item_id, version)
);

-- The owner's own page (aboutMe): one per plan, versioned like the items.
create table about_me (
  plan_id uuid primary key references plans (id),
  data jsonb not null,
  version integer not null default 1,
  updated_by uuid not null references people (id),
  updated_at timestamptz not null default now()
);
create table about_me_versions (
  plan_id uuid not null references plans (id),
  version integer not null,
  data jsonb not null,
  changed_by uuid not null references people (id),
  changed_at timestamptz not null,
  primary key (plan_id, version)
);
