-- Nothing an honest caller does may wait for a lock that the public sign-up login can take and keep: a session may
-- lift its own statement and idle-in-transaction timeouts, so a role's timeouts are no limit (docs/security.md,
-- "Denial of service"). Rate limits become counts of committed events (an open transaction's events are invisible to
-- everyone else, so holding one blocks nobody); one-time codes are checked without locks and consumed by deleting
-- exactly the row that matched; a new code is a new row (the newest committed code of a purpose is the one that
-- counts). Also: a project's notification channel is no longer a column every user may read (org admins see every
-- project's row); members get it from my_channels().

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

-- verify_email (below, with the first admin) and reset_password lock the account's row only once the code was right:
-- before that, nothing there waits for anyone.

-- Checks and consumes a code; null when it is good, else the refusal. A wrong code writes nothing (60 bits are the
-- protection; a counter would be rolled back by a guesser anyway, and one that stuck would let anyone burn another's
-- code). Only the newest committed code of the purpose counts. Consuming deletes exactly the row that matched: only
-- someone holding the same code can hold that row, so two uses of one code are one success and one refusal.
create or replace function consume_code(p_user_id bigint, p_purpose text, p_code text) returns text
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_row record;
    v_code text := normalize_code(p_code);
    v_used bigint;
begin
    if v_code !~ '^[0-9A-HJKMNP-TV-Z]{12}$' then
        return code_refusal();
    end if;
    select id, code_hash, salt into v_row from user_codes
    where user_id = p_user_id and purpose = p_purpose and expires_at > now()
    order by id desc limit 1;
    if not found or hash_code(v_code, v_row.salt) <> v_row.code_hash then
        return code_refusal();
    end if;
    delete from user_codes where id = v_row.id returning id into v_used;
    if v_used is null then
        return code_refusal(); -- used a moment ago
    end if;
    delete from user_codes where id in (
        select id from user_codes where user_id = p_user_id and purpose = p_purpose for update skip locked);
    return null;
end
$$;

-- A reset replaces both key pairs (see V7); the account's rows are touched only once the code was right.
create or replace function reset_password(p_email text, p_code text, p_scram_verifier text, p_public_key bytea,
                                          p_signing_public_key bytea, p_sealed_private_key bytea,
                                          p_kdf_params text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
    v_refusal text;
begin
    perform check_scram_verifier(p_scram_verifier);
    perform check_key_material(p_public_key, p_sealed_private_key, p_kdf_params);
    perform check_signing_key(p_signing_public_key);
    select * into v_user from users where email = lower(btrim(p_email));
    if not found then
        return code_refusal();
    end if;
    v_refusal := consume_code(v_user.id, 'reset', p_code);
    if v_refusal is not null then
        return v_refusal;
    end if;
    execute format('alter role %I password %L', v_user.role_name, p_scram_verifier);
    update user_keys
    set public_key = p_public_key, signing_public_key = p_signing_public_key, sealed_private_key = p_sealed_private_key,
        kdf_params = p_kdf_params, generation = generation + 1, created_at = now()
    where user_id = v_user.id;
    delete from project_key_wraps where user_id = v_user.id;
    delete from org_key_wraps where user_id = v_user.id;
    -- A reset also proves the address: an unverified account becomes verified.
    if v_user.verified_at is null then
        update users set verified_at = now() where id = v_user.id;
        execute format('alter role %I login', v_user.role_name);
    end if;
    return null;
end
$$;

-- ---------------------------------------------------------------- notification channels

-- Every column of projects but its channel: an org admin reads every project's row, and a channel's name is what
-- LISTEN needs. Members learn it from my_channels().
do $$
declare
    v_columns text;
begin
    select string_agg(quote_ident(column_name), ', ' order by ordinal_position) into v_columns
    from information_schema.columns
    where table_schema = 'qodex' and table_name = 'projects' and column_name <> 'notify_channel';
    execute 'revoke select on projects from ${user_role}';
    execute format('grant select (%s) on projects to ${user_role}', v_columns);
end
$$;

-- ---------------------------------------------------------------- the organization's first admin

-- On a shared server the sign-up password is public, so "the first account to verify administers the organization"
-- is a race anyone may enter. qodex db init --admin EMAIL names the address instead: only its account becomes the
-- first admin (the embedded, one-person database keeps the first-verified rule: nobody else can sign up there).
alter table installation add column first_admin_email text
    check (first_admin_email is null or first_admin_email = lower(btrim(first_admin_email)));

create or replace function verify_email(p_email text, p_code text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
    v_refusal text;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or v_user.verified_at is not null then
        return code_refusal();
    end if;
    v_refusal := consume_code(v_user.id, 'verify', p_code);
    if v_refusal is not null then
        return v_refusal;
    end if;
    update users set verified_at = now() where id = v_user.id;
    execute format('alter role %I login', v_user.role_name);
    -- The organization's first admin: the address db init named, else the first verified account.
    if not exists (select 1 from users where org_id = v_user.org_id and org_role = 'admin' and verified_at is not null)
       and coalesce((select first_admin_email from installation), v_user.email) = v_user.email then
        update users set org_role = 'admin' where id = v_user.id;
    end if;
    -- Verifying the invited address accepts its invitations; an Admin still confirms the new member's key.
    insert into project_members (project_id, user_id, role, added_by)
    select i.project_id, v_user.id, i.role, i.invited_by
    from project_invitations i
    where i.email = v_user.email
    on conflict do nothing;
    delete from project_invitations where email = v_user.email;
    return null;
end
$$;

-- The address stays the owner's business: users and the sign-up login read every other column of installation.
do $$
declare
    v_columns text;
begin
    select string_agg(quote_ident(column_name), ', ' order by ordinal_position) into v_columns
    from information_schema.columns
    where table_schema = 'qodex' and table_name = 'installation' and column_name <> 'first_admin_email';
    execute 'revoke select on installation from ${user_role}, ${signup_role}';
    execute format('grant select (%s) on installation to ${user_role}, ${signup_role}', v_columns);
end
$$;
