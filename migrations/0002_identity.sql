-- Identity: people and their accounts, staff roles, sessions, login challenges,
-- throttling, invitations, message delivery and the audit trail.

create table people (
  id uuid primary key default gen_random_uuid(),
  -- The organisation whose staff administer this account (registered it).
  organization_id uuid not null references organizations (id),
  name text not null check (length(name) between 1 and 200),
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  -- AES-256-GCM of the national id; the keyed hash beside it is the only look-up.
  national_id_enc text not null,
  national_id_hash text not null unique,
  mobile text check (mobile ~ '^\+[1-9][0-9]{6,14}$'),
  email text check (length(email) <= 254),
  status text not null default 'invited' check (status in ('invited', 'active', 'deactivated')),
  password_hash text,
  code_channel text not null default 'sms' check (code_channel in ('sms', 'email')),
  notify_channel text not null default 'sms' check (notify_channel in ('sms', 'email', 'none')),
  language text not null default 'nb' check (language in ('nb', 'nn', 'en')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  activated_at timestamptz,
  deactivated_at timestamptz,
  check (mobile is not null or email is not null)
);
create index people_organization_name_idx on people (organization_id, lower(name));
create index people_organization_created_idx on people (organization_id, created_at desc, id desc);

-- Staff roles within an organisation. Citizens (owners, relatives) have none.
create table staff_roles (
  person_id uuid not null references people (id),
  organization_id uuid not null references organizations (id),
  role text not null check (role in ('coordinator', 'org_admin', 'trainer')),
  created_at timestamptz not null default now(),
  primary key (person_id, organization_id, role)
);
create index staff_roles_organization_idx on staff_roles (organization_id, role);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
create table sessions (
  id_hash text primary key,
  person_id uuid not null references people (id),
  auth_method text not null check (auth_method in ('idporten', 'password')),
  acr text,
  idporten_sid text,
  id_token text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text
);
create index sessions_person_idx on sessions (person_id) where ended_at is null;
create index sessions_idporten_sid_idx on sessions (idporten_sid) where idporten_sid is not null;

-- One-time codes: login second step, account activation, password reset.
create table login_challenges (
  id uuid primary key default gen_random_uuid(),
  -- null for a decoy challenge answered to an unknown user or wrong password.
  person_id uuid references people (id),
  purpose text not null check (purpose in ('login', 'activation', 'reset')),
  code_hash text,
  channel text not null check (channel in ('sms', 'email')),
  ip text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  -- set when the code was verified for activation/reset and a password may be chosen.
  verified_at timestamptz
);
create index login_challenges_person_idx on login_challenges (person_id, created_at);
create index login_challenges_ip_idx on login_challenges (ip, created_at);
create index login_challenges_created_idx on login_challenges (created_at);

-- Failed-attempt counters shared by every app instance (per username and per address).
create table throttles (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz
);

-- Invitation links sent when an account is registered: single use, expiring.
create table invitations (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index invitations_person_idx on invitations (person_id);

-- ID-porten logins in progress: state, nonce and PKCE verifier, used once.
create table oidc_logins (
  state text primary key,
  nonce text not null,
  code_verifier text not null,
  return_to text not null default '/',
  invitation_id uuid references invitations (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

-- Every SMS and e-mail the system tried to send: status only, never the text.
create table deliveries (
  id uuid primary key default gen_random_uuid(),
  person_id uuid references people (id),
  channel text not null check (channel in ('sms', 'email')),
  template text not null,
  idempotency_key text unique,
  status text not null check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index deliveries_person_idx on deliveries (person_id, created_at);

-- Outside production: what would have been sent, readable at /api/dev/outbox.
create table dev_outbox (
  id uuid primary key default gen_random_uuid(),
  person_id uuid references people (id),
  channel text not null check (channel in ('sms', 'email')),
  to_address text not null,
  subject text,
  text text not null,
  sent_at timestamptz not null default now()
);
create index dev_outbox_person_idx on dev_outbox (person_id, sent_at desc);

-- The audit trail: append-only. A trigger refuses update and delete for every role,
-- the database owner included, so no application bug can rewrite history.
create table audit_log (
  id uuid primary key default gen_random_uuid(),
  at timestamptz not null default now(),
  actor_id uuid,
  actor_role text,
  organization_id uuid,
  action text not null,
  plan_id uuid,
  section text,
  object_id uuid,
  outcome text not null default 'ok' check (outcome in ('ok', 'denied', 'failed')),
  ip text,
  request_id text,
  details jsonb
);
create index audit_log_at_brin on audit_log using brin (at);
create index audit_log_actor_idx on audit_log (actor_id, at);
create index audit_log_plan_idx on audit_log (plan_id, at) where plan_id is not null;

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = '42501';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
