-- L3: a hash chain over the audit trail, so that a row changed or removed behind the
-- application's back (a superuser, a restored backup, a disabled trigger) is detected.
--
-- Inserts into audit_log are not touched and never wait: rows are sealed afterwards, in
-- batches, by audit_seal(). Each seal hashes its rows one after another, starting from
-- the previous seal's hash, and records which rows it covers (audit_sealed), so a row
-- whose transaction commits late is simply sealed by a later seal. audit_verify()
-- recomputes every seal and names what no longer matches. See docs/decisions/0005.

create table audit_seals (
  id bigserial primary key,
  sealed_at timestamptz not null default now(),
  row_count integer not null check (row_count > 0),
  first_at timestamptz not null,
  last_at timestamptz not null,
  -- The hash this seal continues from (the previous seal's `hash`; zeros for the first).
  prev_hash text not null,
  hash text not null
);

create table audit_sealed (
  audit_id uuid primary key,
  seal_id bigint not null references audit_seals (id),
  position integer not null,
  unique (seal_id, position)
);

-- Append-only like the trail itself.
create trigger audit_seals_no_update before update or delete on audit_seals
  for each row execute function audit_log_is_append_only();
create trigger audit_seals_no_truncate before truncate on audit_seals
  for each statement execute function audit_log_is_append_only();
create trigger audit_sealed_no_update before update or delete on audit_sealed
  for each row execute function audit_log_is_append_only();
create trigger audit_sealed_no_truncate before truncate on audit_sealed
  for each statement execute function audit_log_is_append_only();

-- One audit row as the text that is hashed: every column, times in UTC with microseconds,
-- details as jsonb's canonical text. Independent of the session's time zone.
create function audit_row_text(a audit_log) returns text language sql stable as $$
  select jsonb_build_array(
    a.id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.actor_id,
    a.actor_role, a.organization_id, a.action, a.plan_id, a.section, a.object_id, a.outcome,
    a.ip, a.request_id, a.details
  )::text
$$;

create function audit_chain_step(prev text, a audit_log) returns text language sql stable as $$
  select encode(sha256(convert_to(prev || audit_row_text(a), 'UTF8')), 'hex')
$$;

-- Seals up to max_rows rows not sealed yet, oldest first; returns the new seal's id, or
-- null when there was nothing to seal. Rows older than `lookback` before the last seal
-- are not looked for (audit_verify reports them): a transaction is never that long.
create function audit_seal(max_rows integer default 10000, lookback interval default '1 day')
returns bigint language plpgsql as $$
declare
  last_seal audit_seals;
  prev text;
  h text;
  ids uuid[] := '{}';
  v_first timestamptz;
  v_last timestamptz;
  seal bigint;
  r audit_log;
begin
  -- One sealer at a time; writers of audit rows take no part in this lock.
  perform pg_advisory_xact_lock(748202);
  select * into last_seal from audit_seals order by id desc limit 1;
  prev := coalesce(last_seal.hash, repeat('0', 64));
  h := prev;
  for r in
    select a.* from audit_log a
    where (last_seal.id is null or a.at >= last_seal.last_at - lookback)
      and not exists (select 1 from audit_sealed s where s.audit_id = a.id)
    order by a.at, a.id
    limit max_rows
  loop
    h := audit_chain_step(h, r);
    ids := ids || r.id;
    v_first := coalesce(v_first, r.at);
    v_last := r.at;
  end loop;
  if cardinality(ids) = 0 then
    return null;
  end if;
  insert into audit_seals (row_count, first_at, last_at, prev_hash, hash)
    values (cardinality(ids), v_first, v_last, prev, h)
    returning id into seal;
  insert into audit_sealed (audit_id, seal_id, position)
    select u.id, seal, u.ord from unnest(ids) with ordinality as u(id, ord);
  return seal;
end
$$;

-- Every seal recomputed from the rows it names: one line per problem, none when intact.
create function audit_verify()
returns table (seal_id bigint, problem text) language plpgsql stable as $$
declare
  s audit_seals;
  expected_prev text := repeat('0', 64);
  h text;
  n integer;
  missing integer;
  r record;
begin
  for s in select * from audit_seals order by id loop
    if s.prev_hash <> expected_prev then
      seal_id := s.id;
      problem := 'does not continue the previous seal';
      return next;
    end if;
    h := s.prev_hash;
    n := 0;
    missing := 0;
    for r in
      select a as rec, a.id is null as gone
      from audit_sealed x left join audit_log a on a.id = x.audit_id
      where x.seal_id = s.id
      order by x.position
    loop
      n := n + 1;
      if r.gone then
        missing := missing + 1;
      else
        h := audit_chain_step(h, r.rec);
      end if;
    end loop;
    if missing > 0 then
      seal_id := s.id;
      problem := format('%s sealed row(s) missing', missing);
      return next;
    end if;
    if n <> s.row_count then
      seal_id := s.id;
      problem := format('names %s rows, sealed %s', n, s.row_count);
      return next;
    end if;
    if missing = 0 and h <> s.hash then
      seal_id := s.id;
      problem := 'a sealed row was changed';
      return next;
    end if;
    expected_prev := s.hash;
  end loop;
  -- A row with a time inside what is sealed, yet not sealed: inserted afterwards.
  for r in
    select count(*)::int as late from audit_log a
    where a.at < (select max(last_at) - interval '1 day' from audit_seals)
      and not exists (select 1 from audit_sealed x where x.audit_id = a.id)
  loop
    if r.late > 0 then
      seal_id := null;
      problem := format('%s row(s) older than the seals are not sealed', r.late);
      return next;
    end if;
  end loop;
end
$$;
