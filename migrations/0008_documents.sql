-- Documents shared in a plan. The row is the document's record: its cleaned name, the
-- content type detected from its bytes, size, SHA-256, where its bytes are stored and who
-- uploaded it. A delete marks the row (deleted_at, deleted_by) and removes the bytes: the
-- record stays for the audit trail, the content does not outlive the team's decision.
create table documents (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plans (id),
  name text not null check (length(name) between 1 and 200),
  content_type text not null check (content_type in (
    'application/pdf', 'image/png', 'image/jpeg', 'image/heic', 'image/heif', 'text/plain',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.oasis.opendocument.text')),
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- Which storage holds the bytes ('postgres': document_contents; 's3': the bucket).
  storage text not null check (storage in ('postgres', 's3')),
  storage_key text not null unique check (length(storage_key) between 1 and 200),
  uploaded_by uuid not null references people (id),
  uploaded_by_participant_id uuid not null references participants (id),
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  deleted_by uuid references people (id),
  check ((deleted_at is null) = (deleted_by is null))
);
-- The plan's list, newest first; the quota sums the same rows.
create index documents_plan_idx on documents (plan_id, created_at desc, id desc)
  where deleted_at is null;

-- The bytes, when PostgreSQL is the storage (the default). Written in the transaction that
-- records the document, removed in the one that deletes it.
create table document_contents (
  storage_key text primary key check (length(storage_key) between 1 and 200),
  content bytea not null,
  created_at timestamptz not null default now()
);
-- Most files are compressed already (images, office files, most PDFs): keep them out of
-- line without trying to compress them again.
alter table document_contents alter column content set storage external;
