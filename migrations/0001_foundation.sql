-- Organisations (virksomheter): municipalities, hospitals and other services that
-- share one Samvirke installation. Every staff account belongs to one.
create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('municipality', 'hospital', 'other')),
  org_number text check (org_number ~ '^[0-9]{9}$'),
  created_at timestamptz not null default now()
);

create unique index organizations_org_number_key on organizations (org_number) where org_number is not null;
