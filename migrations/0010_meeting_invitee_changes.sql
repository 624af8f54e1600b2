-- Who is invited may change after a meeting is called, until it starts. An invitation taken
-- back keeps its row (who was invited, and who took it back when) with removed_at set; the
-- same participant invited again gets the row back, with their old answer cleared.
alter table meeting_invitees
  add column removed_at timestamptz,
  add column removed_by uuid references people (id),
  -- The meeting's SEQUENCE when this person was (last) invited: while it is unchanged, what
  -- they are told is "you are invited" rather than "the meeting has changed".
  add column invited_sequence integer not null default 0,
  add check ((removed_at is null) = (removed_by is null));
