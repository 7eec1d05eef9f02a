-- LLM gateway, rolling cost caps, usage rollups, prices (issue 7; F10, F11).
-- Runs as qodex_owner in schema qodex. Tables come from V1 (RLS in V2); this adds what keeps them right and fast:
--   * rollups maintained by a statement-level trigger with a transition table (COPY/batch ingest stays fast);
--   * org-level daily rollups (per project; per model, source, user, funding, outcome), so that org-wide breakdowns
--     read tens of thousands of rows, not millions;
--   * the cap functions: admission is atomic per project (advisory lock), counting logged usage and live reservations;
--   * seeded list prices.
-- Days and hours are UTC: (created_at at time zone 'UTC')::date and date_trunc('hour', created_at, 'UTC').

-- ---------------------------------------------------------------- ingest

-- Every foreign key of the usage log is checked by a row-level trigger per inserted row. The project key stays (every
-- project-owned table references its project); the organization and user keys go: row-level security lets a client
-- insert only its own user id, and the rollup trigger checks each row's organization against its project once per
-- statement. A deleted user's usage stays (shown as "user #id"). See docs/decisions (usage log writer).
alter table llm_usage_log drop constraint if exists llm_usage_log_org_id_fkey;
alter table llm_usage_log drop constraint if exists llm_usage_log_user_id_fkey;

-- ---------------------------------------------------------------- rollups

-- Per project, day and funding: what the org-wide per-project breakdown reads (F11, org admins only).
create table llm_usage_project_daily (
    org_id        bigint not null,
    project_id    bigint not null references projects (id),
    day           date not null,
    funding       text not null,
    calls         bigint not null default 0,
    input_tokens  bigint not null default 0,
    output_tokens bigint not null default 0,
    cached_tokens bigint not null default 0,
    cost_micros   bigint not null default 0,
    primary key (project_id, day, funding)
);
-- covering: the org-wide breakdown is answered from the index alone once pages are all-visible
create index llm_usage_project_daily_org_idx on llm_usage_project_daily (org_id, day)
    include (project_id, funding, calls, input_tokens, output_tokens, cached_tokens, cost_micros);

alter table llm_usage_project_daily enable row level security;
-- org admins only (projects read llm_usage_daily): one condition, so the covering index alone can answer
create policy llm_usage_project_daily_read on llm_usage_project_daily for select
    using (org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on llm_usage_project_daily to qodex_user;

-- Per project and ISO week (Monday, UTC): the org-wide per-project breakdown of a range reads its whole weeks from
-- here and only the days at its two ends from llm_usage_project_daily (about 6 rows per project for 30 days, not 30+).
create table llm_usage_project_weekly (
    org_id        bigint not null,
    project_id    bigint not null references projects (id),
    week          date not null,
    calls         bigint not null default 0,
    input_tokens  bigint not null default 0,
    output_tokens bigint not null default 0,
    cached_tokens bigint not null default 0,
    cost_micros   bigint not null default 0,
    primary key (project_id, week)
);
create index llm_usage_project_weekly_org_idx on llm_usage_project_weekly (org_id, week)
    include (project_id, calls, input_tokens, output_tokens, cached_tokens, cost_micros);

alter table llm_usage_project_weekly enable row level security;
create policy llm_usage_project_weekly_read on llm_usage_project_weekly for select
    using (org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on llm_usage_project_weekly to qodex_user;

-- Per organization and day without the project: what the org-wide breakdowns by model, source, user, funding and
-- outcome read (a few thousand rows a day however many projects there are).
create table llm_usage_org_daily (
    org_id        bigint not null,
    day           date not null,
    model         text not null,
    source        text not null,
    funding       text not null,
    user_id       bigint not null,
    outcome       text not null,
    calls         bigint not null default 0,
    input_tokens  bigint not null default 0,
    output_tokens bigint not null default 0,
    cached_tokens bigint not null default 0,
    cost_micros   bigint not null default 0,
    primary key (org_id, day, model, source, funding, user_id, outcome)
);

alter table llm_usage_org_daily enable row level security;
create policy llm_usage_org_daily_read on llm_usage_org_daily for select
    using (org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on llm_usage_org_daily to qodex_user;

-- Platform-funded cost per minute: the rolling windows read whole minutes from here, so admission never sums more
-- than one minute of raw rows however busy a project is. Only the cap functions read it; minutes older than eight days
-- are dropped by llm_reserve.
create table llm_usage_minutely (
    project_id  bigint not null references projects (id),
    minute      timestamptz not null,
    cost_micros bigint not null default 0,
    primary key (project_id, minute)
);
alter table llm_usage_minutely enable row level security;

-- One statement of usage rows (a batch or a COPY) updates every rollup once per distinct key, in key order so that
-- two concurrent batches cannot deadlock, and replaces the reservations of those calls (settlement: the usage row
-- carries the real cost). The rows are grouped once, by minute and every dimension, and each rollup is upserted from
-- that grouping, all in one statement. SECURITY DEFINER: clients may insert usage rows but never write rollups.
-- date_bin from a UTC midnight is date_trunc in UTC without a time-zone conversion per row.
create function llm_usage_rollup() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_wrong bigint;
begin
    with g as materialized (
        select org_id, project_id, date_bin('1 minute', created_at, timestamptz '2000-01-01 00:00:00+00') as minute,
               model, source, funding, coalesce(user_id, 0) as user_id, outcome, count(*) as calls,
               sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
               sum(cached_tokens) as cached_tokens, sum(cost_micros) as cost_micros
        from new_rows
        group by 1, 2, 3, 4, 5, 6, 7, 8
    ), wrong_org as (
        select 1 from (select distinct org_id, project_id from g) n left join projects p on p.id = n.project_id
        where p.id is null or p.org_id <> n.org_id
    ), daily as (
        insert into llm_usage_daily as d (org_id, project_id, day, model, source, funding, user_id, outcome,
                                          calls, input_tokens, output_tokens, cached_tokens, cost_micros)
        select org_id, project_id, (minute at time zone 'UTC')::date, model, source, funding, user_id, outcome,
               sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
        from g
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 2, 3, 4, 5, 6, 7, 8
        on conflict (project_id, day, model, source, funding, user_id, outcome) do update
            set calls = d.calls + excluded.calls,
                input_tokens = d.input_tokens + excluded.input_tokens,
                output_tokens = d.output_tokens + excluded.output_tokens,
                cached_tokens = d.cached_tokens + excluded.cached_tokens,
                cost_micros = d.cost_micros + excluded.cost_micros
    ), org_daily as (
        insert into llm_usage_org_daily as d (org_id, day, model, source, funding, user_id, outcome,
                                              calls, input_tokens, output_tokens, cached_tokens, cost_micros)
        select org_id, (minute at time zone 'UTC')::date, model, source, funding, user_id, outcome,
               sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
        from g
        group by 1, 2, 3, 4, 5, 6, 7
        order by 1, 2, 3, 4, 5, 6, 7
        on conflict (org_id, day, model, source, funding, user_id, outcome) do update
            set calls = d.calls + excluded.calls,
                input_tokens = d.input_tokens + excluded.input_tokens,
                output_tokens = d.output_tokens + excluded.output_tokens,
                cached_tokens = d.cached_tokens + excluded.cached_tokens,
                cost_micros = d.cost_micros + excluded.cost_micros
    ), weekly as (
        insert into llm_usage_project_weekly as w (org_id, project_id, week,
                                                   calls, input_tokens, output_tokens, cached_tokens, cost_micros)
        select org_id, project_id, date_trunc('week', minute at time zone 'UTC')::date,
               sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
        from g
        group by 1, 2, 3
        order by 2, 3
        on conflict (project_id, week) do update
            set calls = w.calls + excluded.calls,
                input_tokens = w.input_tokens + excluded.input_tokens,
                output_tokens = w.output_tokens + excluded.output_tokens,
                cached_tokens = w.cached_tokens + excluded.cached_tokens,
                cost_micros = w.cost_micros + excluded.cost_micros
    ), project_daily as (
        insert into llm_usage_project_daily as d (org_id, project_id, day, funding,
                                                  calls, input_tokens, output_tokens, cached_tokens, cost_micros)
        select org_id, project_id, (minute at time zone 'UTC')::date, funding,
               sum(calls), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
        from g
        group by 1, 2, 3, 4
        order by 2, 3, 4
        on conflict (project_id, day, funding) do update
            set calls = d.calls + excluded.calls,
                input_tokens = d.input_tokens + excluded.input_tokens,
                output_tokens = d.output_tokens + excluded.output_tokens,
                cached_tokens = d.cached_tokens + excluded.cached_tokens,
                cost_micros = d.cost_micros + excluded.cost_micros
    ), hourly as (
        insert into llm_usage_hourly as h (org_id, project_id, hour, funding, calls, cost_micros)
        select org_id, project_id, date_bin('1 hour', minute, timestamptz '2000-01-01 00:00:00+00'), funding,
               sum(calls), sum(cost_micros)
        from g
        group by 1, 2, 3, 4
        order by 2, 3, 4
        on conflict (project_id, hour, funding) do update
            set calls = h.calls + excluded.calls,
                cost_micros = h.cost_micros + excluded.cost_micros
    ), minutely as (
        insert into llm_usage_minutely as m (project_id, minute, cost_micros)
        select project_id, minute, sum(cost_micros)
        from g
        where funding = 'platform' and cost_micros > 0 and minute > now() - interval '8 days'
        group by 1, 2
        order by 1, 2
        on conflict (project_id, minute) do update
            set cost_micros = m.cost_micros + excluded.cost_micros
    )
    select count(*) into v_wrong from wrong_org;
    if v_wrong > 0 then -- raised after the upserts: the whole statement, rows and rollups, is rolled back
        raise exception 'A usage row names another organization than its project''s.' using errcode = 'QX005';
    end if;
    delete from llm_reservations r where r.id in (select n.idempotency_key from new_rows n);
    return null;
end
$$;

create trigger llm_usage_log_rollup after insert on llm_usage_log
    referencing new table as new_rows
    for each statement execute function llm_usage_rollup();

-- Rows written before this migration (none in practice): fold them in once.
insert into llm_usage_daily (org_id, project_id, day, model, source, funding, user_id, outcome,
                             calls, input_tokens, output_tokens, cached_tokens, cost_micros)
select org_id, project_id, (created_at at time zone 'UTC')::date, model, source, funding, coalesce(user_id, 0), outcome,
       count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
from llm_usage_log group by 1, 2, 3, 4, 5, 6, 7, 8
on conflict do nothing;
insert into llm_usage_org_daily (org_id, day, model, source, funding, user_id, outcome,
                                 calls, input_tokens, output_tokens, cached_tokens, cost_micros)
select org_id, (created_at at time zone 'UTC')::date, model, source, funding, coalesce(user_id, 0), outcome,
       count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
from llm_usage_log group by 1, 2, 3, 4, 5, 6, 7
on conflict do nothing;
insert into llm_usage_project_weekly (org_id, project_id, week, calls, input_tokens, output_tokens, cached_tokens,
                                      cost_micros)
select org_id, project_id, date_trunc('week', created_at at time zone 'UTC')::date,
       count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
from llm_usage_log group by 1, 2, 3
on conflict do nothing;
insert into llm_usage_project_daily (org_id, project_id, day, funding, calls, input_tokens, output_tokens, cached_tokens,
                                     cost_micros)
select org_id, project_id, (created_at at time zone 'UTC')::date, funding,
       count(*), sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(cost_micros)
from llm_usage_log group by 1, 2, 3, 4
on conflict do nothing;
insert into llm_usage_hourly (org_id, project_id, hour, funding, calls, cost_micros)
select org_id, project_id, date_trunc('hour', created_at, 'UTC'), funding, count(*), sum(cost_micros)
from llm_usage_log group by 1, 2, 3, 4
on conflict do nothing;
insert into llm_usage_minutely (project_id, minute, cost_micros)
select project_id, date_trunc('minute', created_at, 'UTC'), sum(cost_micros)
from llm_usage_log where funding = 'platform' and cost_micros > 0 and created_at > now() - interval '8 days'
group by 1, 2
on conflict do nothing;

-- ---------------------------------------------------------------- caps

-- Who may read a project's spend and caps: its members (any role) and the admins of its organization.
create function llm_require_spend_access(p_project_id bigint) returns void
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
begin
    if p_project_id is null or not (p_project_id = any (app_project_ids('viewer'))
                                    or p_project_id = any (app_org_admin_project_ids())) then
        raise exception 'No such project, or you are not a member of it.' using errcode = 'QX003';
    end if;
end
$$;

-- The documented defaults (README): $5.00 per rolling 5 hours, $25.00 per rolling 7 days, platform-funded only.
-- Internal (no access check): llm_caps and llm_reserve check first.
create function llm_caps_of(p_project_id bigint)
    returns table (five_hour_micros bigint, weekly_micros bigint, is_default boolean)
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
begin
    return query
        select coalesce(c.five_hour_micros, 5000000::bigint), coalesce(c.weekly_micros, 25000000::bigint), c.project_id is null
        from (select 1) one
        left join project_caps c on c.project_id = p_project_id;
end
$$;

create function llm_caps(p_project_id bigint)
    returns table (five_hour_micros bigint, weekly_micros bigint, is_default boolean)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform llm_require_spend_access(p_project_id);
    return query select * from llm_caps_of(p_project_id);
end
$$;

create function llm_set_caps(p_project_id bigint, p_five_hour_micros bigint, p_weekly_micros bigint) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
begin
    if p_project_id is null or not (p_project_id = any (app_org_admin_project_ids())) then
        if p_project_id = any (app_project_ids('viewer')) then
            raise exception 'Only an organization admin can change the caps.' using errcode = 'QX002';
        end if;
        raise exception 'No such project, or you are not a member of it.' using errcode = 'QX003';
    end if;
    if p_five_hour_micros is null or p_weekly_micros is null or p_five_hour_micros < 0 or p_weekly_micros < 0
       or p_five_hour_micros > 1000000000000 or p_weekly_micros > 1000000000000 then
        raise exception 'Caps are amounts in USD between 0 and 1,000,000.' using errcode = 'QX005';
    end if;
    insert into project_caps (project_id, five_hour_micros, weekly_micros, updated_by, updated_at)
    values (p_project_id, p_five_hour_micros, p_weekly_micros, app_user_id(), now())
    on conflict (project_id) do update
        set five_hour_micros = excluded.five_hour_micros, weekly_micros = excluded.weekly_micros,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at;
end
$$;

-- Platform-funded spend in the rolling window ending now, as events (when spent, when it leaves the window, amount):
--   * logged rows one by one in the partial minute at the start of the window,
--   * whole minutes from llm_usage_minutely (for windows up to six hours all of them; for longer ones up to the
--     first whole hour),
--   * whole hours of longer windows from the hourly rollup (including the current hour, so that it is exact),
--   * reservations: unsettled ones until they expire, settled ones like a logged row.
-- The sum of the amounts is the window's exact usage. A bucket is taken to leave the window at the end of its minute
-- or hour, which errs on the late side for "headroom returns in" (by under a minute in the 5-hour window). Internal:
-- callers go through llm_window_events / llm_reserve.
create function llm_cap_events(p_project_id bigint, p_window interval)
    returns table (occurred_at timestamptz, leaves_at timestamptz, amount_micros bigint)
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
begin
    -- plpgsql rather than sql: its plans are cached per session (an sql function would be planned on every call)
    return query
    with b as (
        select now() - p_window as lo,
               case when date_trunc('minute', now() - p_window, 'UTC') = now() - p_window then now() - p_window
                    else date_trunc('minute', now() - p_window, 'UTC') + interval '1 minute' end as lo_m,
               case when date_trunc('hour', now() - p_window, 'UTC') = now() - p_window then now() - p_window
                    else date_trunc('hour', now() - p_window, 'UTC') + interval '1 hour' end as lo_h,
               p_window > interval '6 hours' as long_window)
    select l.created_at, l.created_at + p_window, l.cost_micros
    from llm_usage_log l, b
    where l.project_id = p_project_id and l.created_at >= b.lo and l.created_at < b.lo_m
      and l.funding = 'platform' and l.cost_micros > 0
    union all
    select m.minute, m.minute + interval '1 minute' + p_window, m.cost_micros
    from llm_usage_minutely m, b
    where m.project_id = p_project_id and m.minute >= b.lo_m
      and m.minute < case when b.long_window then b.lo_h else 'infinity'::timestamptz end
    union all
    select h.hour, h.hour + interval '1 hour' + p_window, h.cost_micros
    from llm_usage_hourly h, b
    where b.long_window and h.project_id = p_project_id and h.hour >= b.lo_h
      and h.funding = 'platform' and h.cost_micros > 0
    union all
    select r.created_at, r.created_at + p_window, coalesce(r.settled_micros, r.amount_micros)
    from llm_reservations r
    where r.project_id = p_project_id
      and case when r.settled_micros is null then r.expires_at > now() else r.created_at >= now() - p_window end
      and coalesce(r.settled_micros, r.amount_micros) > 0;
end
$$;

create function llm_window_events(p_project_id bigint, p_window_seconds integer)
    returns table (occurred_at timestamptz, leaves_at timestamptz, amount_micros bigint)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform llm_require_spend_access(p_project_id);
    if p_window_seconds is null or p_window_seconds not between 3600 and 31 * 86400 then
        raise exception 'A cap window lasts between one hour and 31 days.' using errcode = 'QX005';
    end if;
    return query select e.occurred_at, e.leaves_at, e.amount_micros
                 from llm_cap_events(p_project_id, make_interval(secs => p_window_seconds)) e
                 order by e.leaves_at;
end
$$;

-- Admission of one platform-funded call (F10): serialised per project, so racing desktops cannot overshoot; the
-- worst-case amount is reserved when both rolling windows have room for it. The reservation's id is the call's
-- idempotency key: its usage row replaces it (llm_usage_rollup). A crashed client's reservation expires after the TTL.
create function llm_reserve(p_project_id bigint, p_id uuid, p_amount_micros bigint, p_ttl_seconds integer)
    returns table (admitted boolean, five_hour_used bigint, five_hour_cap bigint, weekly_used bigint, weekly_cap bigint)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_five_cap bigint;
    v_week_cap bigint;
    v_five_used bigint;
    v_week_used bigint;
begin
    perform require_project_role(p_project_id, 'member');
    if p_id is null or p_amount_micros is null or p_amount_micros < 0 then
        raise exception 'A reservation needs an id and an amount of at least zero.' using errcode = 'QX005';
    end if;
    if p_ttl_seconds is null or p_ttl_seconds not between 1 and 86400 then
        raise exception 'A reservation lasts between one second and one day.' using errcode = 'QX005';
    end if;
    perform pg_advisory_xact_lock(hashtext('qodex.llm_reserve'), (p_project_id % 2147483647)::integer);
    delete from llm_reservations
    where project_id = p_project_id
      and ((settled_micros is null and expires_at <= now()) or created_at < now() - interval '8 days');
    delete from llm_usage_minutely where project_id = p_project_id and minute < now() - interval '8 days';
    select c.five_hour_micros, c.weekly_micros into v_five_cap, v_week_cap from llm_caps_of(p_project_id) c;
    -- one statement per window: each sum is taken from one snapshot, in which a usage row and the reservation it
    -- replaced are never both (or neither) visible
    select coalesce(sum(e.amount_micros), 0) into v_five_used from llm_cap_events(p_project_id, interval '5 hours') e;
    select coalesce(sum(e.amount_micros), 0) into v_week_used from llm_cap_events(p_project_id, interval '7 days') e;
    if v_five_used + p_amount_micros > v_five_cap or v_week_used + p_amount_micros > v_week_cap then
        return query select false, v_five_used, v_five_cap, v_week_used, v_week_cap;
        return;
    end if;
    insert into llm_reservations (id, project_id, user_id, amount_micros, created_at, expires_at)
    values (p_id, p_project_id, app_user_id(), p_amount_micros, now(), now() + make_interval(secs => p_ttl_seconds));
    return query select true, v_five_used, v_five_cap, v_week_used, v_week_cap;
end
$$;

-- Gives a reservation back (the call never reached the provider and its usage row will carry no cost).
create function llm_release(p_id uuid) returns void
    language sql volatile security definer
    set search_path = qodex, pg_temp
as $$
    delete from llm_reservations where id = p_id and user_id = app_user_id()
$$;

-- Org admins read the caps of their organization's projects too.
alter policy project_caps_read on project_caps
    using (project_id = any ((select app_project_ids('viewer'))::bigint[])
           or project_id = any ((select app_org_admin_project_ids())::bigint[]));

grant execute on function llm_caps(bigint) to qodex_user;
grant execute on function llm_set_caps(bigint, bigint, bigint) to qodex_user;
grant execute on function llm_window_events(bigint, integer) to qodex_user;
grant execute on function llm_reserve(bigint, uuid, bigint, integer) to qodex_user;
grant execute on function llm_release(uuid) to qodex_user;

-- ---------------------------------------------------------------- prices and chats

create index chats_project_idx on chats (project_id, id desc);

-- OpenAI list prices in USD per million tokens (input, output, cached input), as published in 2026.
-- Org admins add newer rows with `qodex prices set`; a call is priced by the newest row valid on its day.
insert into llm_prices (provider, model, valid_from, input_usd_per_mtok, output_usd_per_mtok, cached_usd_per_mtok)
values ('openai', 'gpt-5.4', '2024-01-01', 2.50, 15.00, 0.25),
       ('openai', 'gpt-5.1', '2024-01-01', 1.25, 10.00, 0.125),
       ('openai', 'gpt-5', '2024-01-01', 1.25, 10.00, 0.125),
       ('openai', 'gpt-5-mini', '2024-01-01', 0.25, 2.00, 0.025),
       ('openai', 'gpt-5-nano', '2024-01-01', 0.05, 0.40, 0.005),
       ('openai', 'gpt-4.1', '2024-01-01', 2.00, 8.00, 0.50),
       ('openai', 'gpt-4.1-mini', '2024-01-01', 0.40, 1.60, 0.10),
       ('openai', 'gpt-4.1-nano', '2024-01-01', 0.10, 0.40, 0.025),
       ('openai', 'gpt-4o', '2024-01-01', 2.50, 10.00, 1.25),
       ('openai', 'gpt-4o-mini', '2024-01-01', 0.15, 0.60, 0.075),
       ('openai', 'o3', '2024-01-01', 2.00, 8.00, 0.50),
       ('openai', 'o3-mini', '2024-01-01', 1.10, 4.40, 0.55),
       ('openai', 'o4-mini', '2024-01-01', 1.10, 4.40, 0.275),
       ('openai', 'o1', '2024-01-01', 15.00, 60.00, 7.50),
       ('openai', 'gpt-3.5-turbo', '2024-01-01', 0.50, 1.50, 0.50)
on conflict (provider, model, valid_from) do nothing;
