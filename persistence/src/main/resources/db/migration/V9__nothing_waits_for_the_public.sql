-- Nothing an honest caller does may wait for a lock that the public sign-up login can take and keep: a session may
-- lift its own statement and idle-in-transaction timeouts, so a role's timeouts are no limit (docs/security.md,
-- "Denial of service"). Rate limits become counts of committed events (an open transaction's events are invisible to
-- everyone else, so holding one blocks nobody); a new one-time code is a new row instead of an update of the old
-- one (checking and using codes without locks, and verify_email / reset_password, are V10's). Also: a project's
-- notification channel is no longer a column every user may read (org admins see every project's row); members get
-- it from my_channels().

-- ---------------------------------------------------------------- rate limits

create table rate_events (
    bucket text not null,
    at     timestamptz not null default now()
);
create index rate_events_bucket_at on rate_events (bucket, at);
alter table rate_events enable row level security; -- no policy: only the functions' owner reads and writes it

-- Takes one unit of a limit over a sliding window; false when it is used up. Takes no lock and waits for none: the
-- count sees committed events only, so concurrent callers can overshoot by at most the number of transactions open
-- at that moment (bounded by the connection limits), and a rolled-back caller's events vanish with what it did.
create or replace function take_rate_limit(p_setting text, p_bucket text) returns boolean
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_max integer;
    v_per interval;
    v_key text := p_setting || ':' || p_bucket;
begin
    select max_count, per into v_max, v_per from rate_limit_settings where name = p_setting;
    if not found then
        raise exception 'Unknown rate limit %.', p_setting using errcode = 'QX005';
    end if;
    if (select count(*) from rate_events where bucket = v_key and at > now() - v_per) >= v_max then
        return false;
    end if;
    insert into rate_events (bucket, at) values (v_key, now());
    if random() < 0.01 then
        delete from rate_events where ctid = any (array(
            select ctid from rate_events
            where at < now() - (select max(per) from rate_limit_settings) - interval '1 hour'
            limit 1000 for update skip locked));
    end if;
    return true;
end
$$;

-- May a mail of this purpose go to the account now? At most one a minute per purpose and six an hour in all. The
-- pause is an event of its own, so deleting a code (used or expired) does not reopen it.
create or replace function may_mail(p_user_id bigint, p_purpose text) returns boolean
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_pause text := 'mail_pause:' || p_user_id || ':' || p_purpose;
begin
    if exists (select 1 from rate_events where bucket = v_pause and at > now() - interval '60 seconds') then
        return false;
    end if;
    if not take_rate_limit('code_mail', p_user_id::text) then
        return false;
    end if;
    insert into rate_events (bucket, at) values (v_pause, now());
    return true;
end
$$;

drop table rate_limits;
drop table code_throttle;

-- ---------------------------------------------------------------- one-time codes

alter table user_codes drop constraint user_codes_pkey;
alter table user_codes add column id bigint generated always as identity primary key;
create index user_codes_user_purpose on user_codes (user_id, purpose, id);

-- A fresh code for (user, purpose), mailed; the code only leaves in the mail. A new row, never an update: an older code
-- stops counting once this one is committed, and nobody waits for a row another caller holds.
create or replace function issue_code(p_user_id bigint, p_email text, p_purpose text, p_ttl interval) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_code text := new_code();
    v_salt bytea := random_bytes(16);
    v_minutes integer := (extract(epoch from p_ttl) / 60)::integer;
begin
    delete from user_codes where id in (
        select id from user_codes where user_id = p_user_id and purpose = p_purpose and expires_at < now()
        for update skip locked);
    insert into user_codes (user_id, purpose, code_hash, salt, expires_at, attempts, sent_at)
    values (p_user_id, p_purpose, hash_code(v_code, v_salt), v_salt, now() + p_ttl, 0, now());
    if p_purpose = 'verify' then
        perform queue_mail(p_email, 'Verify your Qodex account',
            'Welcome to Qodex Operator.' || chr(10) || chr(10) ||
            'Verification code: ' || display_code(v_code) || chr(10) || chr(10) ||
            'The code is valid for ' || v_minutes || ' minutes and can be used once. Letters may be typed in '
            || 'either case. If you did not sign up, ignore this mail.', 'verify');
    else
        perform queue_mail(p_email, 'Reset your Qodex password',
            'Someone asked to reset the password of this Qodex account.' || chr(10) || chr(10) ||
            'Reset code: ' || display_code(v_code) || chr(10) || chr(10) ||
            'The code is valid for ' || v_minutes || ' minutes and can be used once. If this was not you, ignore this '
            || 'mail: your password stays as it is.', 'reset');
    end if;
end
$$;

-- ---------------------------------------------------------------- notification channels

-- Replaces a table-wide SELECT grant with one on every column but p_hidden (for this migration only).
create function grant_select_except(p_table text, p_hidden text, p_roles text) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_columns text;
begin
    select string_agg(quote_ident(column_name), ', ' order by ordinal_position) into v_columns
    from information_schema.columns
    where table_schema = 'qodex' and table_name = p_table and column_name <> p_hidden;
    execute format('revoke select on %I from %s', p_table, p_roles);
    execute format('grant select (%s) on %I to %s', v_columns, p_table, p_roles);
end
$$;

-- Every column of projects but its channel: an org admin reads every project's row, and a channel's name is what
-- LISTEN needs. Members learn it from my_channels().
select grant_select_except('projects', 'notify_channel', '${user_role}');

-- ---------------------------------------------------------------- the organization's first admin

-- On a shared server the sign-up password is public, so "the first account to verify administers the organization"
-- is a race anyone may enter. qodex db init --admin EMAIL names the address instead: only its account becomes the
-- first admin (the embedded, one-person database keeps the first-verified rule: nobody else can sign up there).
alter table installation add column first_admin_email text
    check (first_admin_email is null or first_admin_email = lower(btrim(first_admin_email)));

-- The address stays the owner's business: users and the sign-up login read every other column of installation.
select grant_select_except('installation', 'first_admin_email', '${user_role}, ${signup_role}');

drop function grant_select_except(text, text, text);
