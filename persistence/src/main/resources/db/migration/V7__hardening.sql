-- Holding every write path against an attacker who holds a login (docs/security.md). Runs as the owner role.
-- The rules this migration follows:
--   * no counter that a caller's rolled-back savepoint could undo protects anything: one-time codes carry 60 bits;
--     the throttles and rate limits here only gate side effects (mail, accounts) that commit with them;
--   * no advisory lock a login can predict and hold: row locks on rows no client can lock, and lock_timeout set on
--     every function that waits for one (a function's SET cannot be overridden by its caller);
--   * authors and times are stamped by triggers; money is written only by functions that compute it;
--   * notifications go to channels only members can name, and carry nothing that a member of another project may
--     not see;
--   * answers to the account functions do not tell whether an address has an account.
-- New error codes: QX009 rate limited.

-- ---------------------------------------------------------------- helpers

create function random_bytes(p_length integer) returns bytea
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_bytes bytea := ''::bytea;
begin
    -- gen_random_uuid() draws 122 bits from the server's strong random source; two of them hashed give 32 bytes
    while length(v_bytes) < p_length loop
        v_bytes := v_bytes || sha256(decode(replace(gen_random_uuid()::text, '-', ''), 'hex')
                                     || decode(replace(gen_random_uuid()::text, '-', ''), 'hex'));
    end loop;
    return substr(v_bytes, 1, p_length);
end
$$;

-- HMAC-SHA-256 (RFC 2104) without pgcrypto.
create function hmac_sha256(p_key bytea, p_message bytea) returns bytea
    language plpgsql immutable strict
    set search_path = qodex, pg_temp
as $$
declare
    v_key bytea := case when length(p_key) > 64 then sha256(p_key) else p_key end;
    v_inner bytea;
    v_outer bytea;
begin
    v_key := v_key || decode(repeat('00', 64 - length(v_key)), 'hex');
    v_inner := v_key;
    v_outer := v_key;
    for i in 0 .. 63 loop
        v_inner := set_byte(v_inner, i, get_byte(v_key, i) # 54);
        v_outer := set_byte(v_outer, i, get_byte(v_key, i) # 92);
    end loop;
    return sha256(v_outer || sha256(v_inner || p_message));
end
$$;

-- The installation's secret: keys role names and fake answers. No client role reads it (RLS, no grant).
create table installation_secret (
    singleton boolean primary key default true check (singleton),
    key       bytea not null check (length(key) = 32)
);
alter table installation_secret enable row level security;
insert into installation_secret (key) values (random_bytes(32));

create function installation_hmac(p_label text, p_value text) returns bytea
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select hmac_sha256(key, convert_to(p_label || '|' || p_value, 'UTF8')) from installation_secret $$;

-- ---------------------------------------------------------------- role names

-- qx_ + installation id + 24 base32 characters of HMAC(installation secret, lower(email)): pg_roles, which every login
-- reads, does not confirm who has an account to anyone who cannot read the secret (user logins cannot).
create or replace function role_name_for(p_email text) returns text
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select 'qx_' || install_id || '_' || left(base32(installation_hmac('role', lower(btrim(p_email)))), 24)
    from installation
$$;
revoke execute on function role_name_for(text) from ${user_role};

-- Existing accounts move to the keyed names (a rename keeps the role's SCRAM password, grants and memberships).
do $$
declare
    v_user record;
    v_name text;
begin
    for v_user in select id, email, role_name from users loop
        v_name := role_name_for(v_user.email);
        if v_name <> v_user.role_name and exists (select 1 from pg_roles where rolname = v_user.role_name) then
            execute format('alter role %I rename to %I', v_user.role_name, v_name);
            update users set role_name = v_name where id = v_user.id;
        end if;
    end loop;
end
$$;

-- Limits for every user login, old and new (a session may lower its own timeouts; honest clients never need more).
create function limit_user_role(p_role text) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    execute format('alter role %I connection limit 12', p_role);
    execute format('alter role %I set statement_timeout = %L', p_role, '60s');
    execute format('alter role %I set idle_in_transaction_session_timeout = %L', p_role, '60s');
    execute format('alter role %I set lock_timeout = %L', p_role, '10s');
end
$$;

do $$
declare
    v_user record;
begin
    for v_user in select role_name, verified_at from users where exists (select 1 from pg_roles where rolname = role_name) loop
        perform limit_user_role(v_user.role_name);
        if v_user.verified_at is null then
            execute format('alter role %I nologin', v_user.role_name); -- they log in once verified
        end if;
    end loop;
end
$$;

-- ---------------------------------------------------------------- rate limits

create table rate_limit_settings (
    name      text primary key,
    max_count integer not null check (max_count >= 0),
    per       interval not null check (per > interval '0')
);
-- Operators may raise these (as the owner or a superuser): update qodex.rate_limit_settings set max_count = ...
insert into rate_limit_settings (name, max_count, per) values
    ('sign_up', 60, interval '1 hour'),          -- new accounts per installation
    ('code_mail', 6, interval '1 hour'),         -- codes and notices mailed to one account
    ('invite_project', 100, interval '1 hour'),  -- invitations one project sends
    ('invite_address', 3, interval '1 hour'),    -- invitation mails one address receives
    ('invite_user', 100, interval '1 hour'),     -- invitations one person sends, across projects
    ('create_project', 20, interval '1 hour');   -- projects one person creates
alter table rate_limit_settings enable row level security;

create table rate_limits (
    bucket       text primary key,
    window_start timestamptz not null,
    used         integer not null
);
alter table rate_limits enable row level security;

-- Takes one unit of a fixed-window limit; false when the window is used up. A limit is split over four rows, taken
-- with SKIP LOCKED: a caller who holds one open (the sign-up login is public) delays nobody, and honest callers at the
-- same moment never wait for each other. Each row holds a quarter of the limit (rounded up).
create function take_rate_limit(p_setting text, p_bucket text) returns boolean
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_max integer;
    v_per interval;
    v_row record;
begin
    select max_count, per into v_max, v_per from rate_limit_settings where name = p_setting;
    if not found then
        raise exception 'Unknown rate limit %.', p_setting using errcode = 'QX005';
    end if;
    insert into rate_limits (bucket, window_start, used)
    select p_setting || ':' || p_bucket || ':' || shard, now(), 0 from generate_series(0, 3) shard
    on conflict (bucket) do nothing;
    -- shard i holds max / 4, plus one of the remainder for the first max % 4 shards: exactly max in all
    for v_row in
        select r.bucket, r.window_start, r.used, (v_max / 4) + case when x.shard < v_max % 4 then 1 else 0 end as share
        from rate_limits r
        join generate_series(0, 3) x(shard) on r.bucket = p_setting || ':' || p_bucket || ':' || x.shard
        order by random()
        for update of r skip locked
    loop
        if v_row.window_start <= now() - v_per then
            v_row.window_start := now();
            v_row.used := 0;
        end if;
        if v_row.used < v_row.share then
            update rate_limits set window_start = v_row.window_start, used = v_row.used + 1 where bucket = v_row.bucket;
            if random() < 0.01 then
                delete from rate_limits where window_start < now() - interval '2 days';
            end if;
            return true;
        end if;
    end loop;
    return false;
end
$$;

-- ---------------------------------------------------------------- one-time codes

-- 12 characters of Crockford's base32 (no I, L, O, U): 60 bits, shown as XXXX-XXXX-XXXX. Guessing is infeasible however
-- many tries a caller makes and rolls back.
create or replace function new_code() returns text
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    v_random bytea := random_bytes(12);
    v_code text := '';
begin
    for i in 0 .. 11 loop
        v_code := v_code || substr(alphabet, (get_byte(v_random, i) & 31) + 1, 1);
    end loop;
    return v_code;
end
$$;

-- What a person typed or pasted, as stored: case-insensitive, spaces and hyphens ignored, O read as 0, I and L as 1.
create function normalize_code(p_code text) returns text
    language sql immutable
    set search_path = qodex, pg_temp
as $$ select translate(upper(regexp_replace(coalesce(p_code, ''), '[\s-]', '', 'g')), 'OIL', '011') $$;

create function display_code(p_code text) returns text
    language sql immutable
    set search_path = qodex, pg_temp
as $$ select substr(p_code, 1, 4) || '-' || substr(p_code, 5, 4) || '-' || substr(p_code, 9, 4) $$;

-- When a code or notice was last mailed to an account, kept apart from the codes so that deleting a code (used,
-- expired, too many wrong tries) does not reset the pause between mails.
create table code_throttle (
    user_id      bigint not null references users (id) on delete cascade,
    purpose      text not null,
    last_sent_at timestamptz not null,
    primary key (user_id, purpose)
);
alter table code_throttle enable row level security;

-- May a mail of this purpose go to the account now? At most one a minute per purpose and six an hour in all.
create function may_mail(p_user_id bigint, p_purpose text) returns boolean
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_last timestamptz;
begin
    insert into code_throttle (user_id, purpose, last_sent_at) values (p_user_id, p_purpose, '-infinity')
    on conflict (user_id, purpose) do nothing;
    select last_sent_at into v_last from code_throttle where user_id = p_user_id and purpose = p_purpose for update;
    if v_last > now() - interval '60 seconds' or not take_rate_limit('code_mail', p_user_id::text) then
        return false;
    end if;
    update code_throttle set last_sent_at = now() where user_id = p_user_id and purpose = p_purpose;
    return true;
end
$$;

create or replace function issue_code(p_user_id bigint, p_email text, p_purpose text, p_ttl interval) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_code text := new_code();
    v_salt bytea := random_bytes(16);
    v_minutes integer := (extract(epoch from p_ttl) / 60)::integer;
begin
    insert into user_codes (user_id, purpose, code_hash, salt, expires_at, attempts, sent_at)
    values (p_user_id, p_purpose, hash_code(v_code, v_salt), v_salt, now() + p_ttl, 0, now())
    on conflict (user_id, purpose) do update
        set code_hash = excluded.code_hash, salt = excluded.salt, expires_at = excluded.expires_at,
            attempts = 0, sent_at = excluded.sent_at;
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

-- One answer for every refusal, so that it says nothing about the address.
create function code_refusal() returns text
    language sql immutable
    as $$ select 'This code is not valid: codes work once and for a limited time. Request a new one if needed.'::text $$;

-- Checks and consumes a code; null when it is good, else the refusal. Five wrong tries delete it (with 60 bits that is
-- a courtesy, not the protection).
create or replace function consume_code(p_user_id bigint, p_purpose text, p_code text) returns text
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_row user_codes%rowtype;
    v_code text := normalize_code(p_code);
begin
    select * into v_row from user_codes where user_id = p_user_id and purpose = p_purpose for update;
    if not found then
        return code_refusal();
    end if;
    if v_row.expires_at < now() then
        delete from user_codes where user_id = p_user_id and purpose = p_purpose;
        return code_refusal();
    end if;
    if v_code !~ '^[0-9A-HJKMNP-TV-Z]{12}$' or hash_code(v_code, v_row.salt) <> v_row.code_hash then
        if v_row.attempts + 1 >= 5 then
            delete from user_codes where user_id = p_user_id and purpose = p_purpose;
        else
            update user_codes set attempts = attempts + 1 where user_id = p_user_id and purpose = p_purpose;
        end if;
        return code_refusal();
    end if;
    delete from user_codes where user_id = p_user_id and purpose = p_purpose;
    return null;
end
$$;

-- ---------------------------------------------------------------- key material

alter table user_keys add column signing_public_key bytea check (signing_public_key is null or length(signing_public_key) = 32);

-- Accounts made from here on: one Argon2id run on the client gives both the PostgreSQL password and the key that seals
-- the private keys (docs/security.md, "Passwords"). Parameters are bounded so that nobody can make a client spend
-- minutes or gigabytes (clients check again before using what they read).
create or replace function check_key_material(p_public_key bytea, p_sealed bytea, p_kdf text) returns void
    language plpgsql immutable
    set search_path = qodex, pg_temp
as $$
begin
    if p_public_key is null or length(p_public_key) <> 32 or p_sealed is null or length(p_sealed) not between 28 and 512
       or p_kdf is null
       or p_kdf !~ '^qodex-kdf-v2;argon2id;v=19;m=[0-9]{5,7};t=[0-9]{1,2};p=[0-9];salt=[A-Za-z0-9+/]{22,88}={0,2}$' then
        raise exception 'The key material sent with this request is malformed.' using errcode = 'QX005';
    end if;
end
$$;

create function check_signing_key(p_signing_public_key bytea) returns void
    language plpgsql immutable
    set search_path = qodex, pg_temp
as $$
begin
    if p_signing_public_key is null or length(p_signing_public_key) <> 32 then
        raise exception 'The signing key sent with this request is malformed.' using errcode = 'QX005';
    end if;
end
$$;

-- What a client needs before it can sign in: the KDF parameters of the address. An address without an account gets
-- parameters of the same shape, derived from the installation secret, so the answer does not tell them apart.
-- (Accounts made before this scheme answer with their old parameters until their next sign-in upgrades them.)
create function login_parameters(p_email text) returns text
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(
        (select k.kdf_params from users u join user_keys k on k.user_id = u.id where u.email = lower(btrim(p_email))),
        'qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt='
            || encode(substr(installation_hmac('salt', lower(btrim(p_email))), 1, 16), 'base64'))
$$;


-- ---------------------------------------------------------------- accounts (the sign-up login)

drop function sign_up(text, text, bytea, bytea, text);
drop function reset_password(text, text, text, bytea, bytea, text);
drop function change_password(text, bytea, text);

-- Creates the account and its login role, or, for an address that has one, mails its owner instead; the caller gets
-- the same answer either way. Limited per installation (one statement could otherwise create hundreds).
create function sign_up(p_email text, p_scram_verifier text, p_public_key bytea, p_signing_public_key bytea,
                        p_sealed_private_key bytea, p_kdf_params text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
    v_role text := role_name_for(v_email);
    v_user_id bigint;
begin
    if not valid_email(v_email) then
        raise exception '"%" is not a valid email address.', left(coalesce(p_email, ''), 100) using errcode = 'QX005';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    perform check_key_material(p_public_key, p_sealed_private_key, p_kdf_params);
    perform check_signing_key(p_signing_public_key);
    if not take_rate_limit('sign_up', 'installation') then
        raise exception 'Too many accounts were created on this server in the last hour; try again later.'
            using errcode = 'QX009';
    end if;
    insert into users (email, role_name, org_id)
    values (v_email, v_role, (select min(id) from organizations))
    on conflict (email) do nothing
    returning id into v_user_id;
    if v_user_id is null then
        select id into v_user_id from users where email = v_email;
        if may_mail(v_user_id, 'exists') then
            perform queue_mail(v_email, 'Your Qodex account',
                'Someone tried to create a Qodex account with this address, which has one already.' || chr(10) ||
                chr(10) || 'Sign in, or reset the password if you forgot it. If this was not you, ignore this mail.',
                'exists');
        end if;
        return;
    end if;
    -- no LOGIN until the address is verified: unverified accounts hold no connection (the sign-up login is public)
    execute format('create role %I nologin password %L in role ${user_role}', v_role, p_scram_verifier);
    perform limit_user_role(v_role);
    insert into user_keys (user_id, public_key, signing_public_key, sealed_private_key, kdf_params)
    values (v_user_id, p_public_key, p_signing_public_key, p_sealed_private_key, p_kdf_params);
    perform may_mail(v_user_id, 'verify');
    perform issue_code(v_user_id, v_email, 'verify', interval '2 hours');
end
$$;

-- Silent whatever happens (unknown address, verified already, asked less than a minute ago).
create or replace function resend_verification(p_email text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or v_user.verified_at is not null or not may_mail(v_user.id, 'verify') then
        return;
    end if;
    perform issue_code(v_user.id, v_user.email, 'verify', interval '2 hours');
end
$$;

-- Returns null on success, else the one refusal (see consume_code).
create or replace function verify_email(p_email text, p_code text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
    v_refusal text;
begin
    -- FOR NO KEY UPDATE: a caller holding this open does not block the account's own work (foreign keys take KEY SHARE)
    select * into v_user from users where email = lower(btrim(p_email)) for no key update;
    if not found or v_user.verified_at is not null then
        return code_refusal();
    end if;
    v_refusal := consume_code(v_user.id, 'verify', p_code);
    if v_refusal is not null then
        return v_refusal;
    end if;
    update users set verified_at = now() where id = v_user.id;
    execute format('alter role %I login', v_user.role_name);
    -- The first verified account of an organization administers it.
    if not exists (select 1 from users where org_id = v_user.org_id and org_role = 'admin' and verified_at is not null) then
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

create or replace function request_password_reset(p_email text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or not may_mail(v_user.id, 'reset') then
        return; -- say nothing about which addresses exist
    end if;
    perform issue_code(v_user.id, v_user.email, 'reset', interval '30 minutes');
end
$$;

-- A reset replaces both key pairs (the old private keys cannot be recovered without the old password): the user's key
-- wraps are dropped, and Admins see the new key fingerprint waiting for their confirmation.
-- Returns null on success, else the one refusal.
create function reset_password(p_email text, p_code text, p_scram_verifier text, p_public_key bytea,
                               p_signing_public_key bytea, p_sealed_private_key bytea, p_kdf_params text) returns text
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
    select * into v_user from users where email = lower(btrim(p_email)) for no key update;
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

-- ---------------------------------------------------------------- accounts (signed-in users)

drop function my_sealed_key();
create function my_sealed_key()
    returns table (public_key bytea, signing_public_key bytea, sealed_private_key bytea, kdf_params text, generation integer)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select k.public_key, k.signing_public_key, k.sealed_private_key, k.kdf_params, k.generation
    from user_keys k join users u on u.id = k.user_id
    where u.role_name = session_user
$$;

-- A new password (or an account's first sign-in under the new scheme): the new PostgreSQL password, the private keys
-- resealed, and the signing key if the account had none yet. The key pairs themselves never change here.
create function change_password(p_scram_verifier text, p_sealed_private_key bytea, p_kdf_params text,
                                p_signing_public_key bytea) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user_id bigint := app_user_id();
    v_keys user_keys%rowtype;
begin
    if v_user_id is null then
        raise exception 'Only a Qodex account can change its password.' using errcode = 'QX002';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    select * into v_keys from user_keys where user_id = v_user_id for update;
    perform check_key_material(v_keys.public_key, p_sealed_private_key, p_kdf_params);
    perform check_signing_key(p_signing_public_key);
    if v_keys.signing_public_key is not null and v_keys.signing_public_key <> p_signing_public_key then
        raise exception 'A password change keeps the signing key.' using errcode = 'QX005';
    end if;
    execute format('alter role %I password %L', session_user, p_scram_verifier);
    update user_keys
    set sealed_private_key = p_sealed_private_key, kdf_params = p_kdf_params, signing_public_key = p_signing_public_key
    where user_id = v_user_id;
end
$$;


-- ---------------------------------------------------------------- invitations

-- An Admin invites an address; the answer is the same whether the address has an account or not. The person accepts
-- (signed in with that verified address, or by verifying it at sign-up); an Admin then confirms their key before they
-- receive any secret. Limited per project and per receiving address.
create or replace function add_member(p_project_id bigint, p_email text, p_role text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
    v_project projects%rowtype;
begin
    perform require_project_role(p_project_id, 'admin');
    if not valid_email(v_email) then
        raise exception '"%" is not a valid email address.', left(coalesce(p_email, ''), 100) using errcode = 'QX005';
    end if;
    if p_role is null or p_role not in ('admin', 'member', 'viewer') then
        raise exception 'The role must be admin, member or viewer.' using errcode = 'QX005';
    end if;
    select * into v_project from projects where id = p_project_id;
    if exists (select 1 from project_members m join users u on u.id = m.user_id
               where m.project_id = p_project_id and u.email = v_email) then
        raise exception '% is already a member of this project.', v_email using errcode = 'QX004';
    end if;
    if not exists (select 1 from project_invitations where project_id = p_project_id and email = v_email)
       and (not take_rate_limit('invite_project', p_project_id::text)
            or not take_rate_limit('invite_user', app_user_id()::text)) then
        raise exception 'Too many invitations were sent in the last hour; try again later.' using errcode = 'QX009';
    end if;
    insert into project_invitations (project_id, email, role, invited_by)
    values (p_project_id, v_email, p_role, app_user_id())
    on conflict (project_id, email) do update set role = excluded.role, invited_by = excluded.invited_by, invited_at = now();
    if take_rate_limit('invite_address', v_email) then
        -- a fixed subject: the project's name is someone's text, kept to the body
        perform queue_mail(v_email, 'You are invited to a project on Qodex',
            'You were invited to the project "' || v_project.name || '" (' || v_project.slug || ') as '
            || initcap(p_role) || '.' || chr(10) || chr(10)
            || 'Sign in to Qodex Operator with this address and accept the invitation (qodex invitations accept '
            || v_project.slug || '), or sign up with this address: verifying it accepts the invitation.', 'invite');
    end if;
    return 'invited';
end
$$;

-- Invitations addressed to the signed-in user's verified address.
create function my_invitations()
    returns table (project_id bigint, slug text, name text, role text, invited_by text, invited_at timestamptz)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select i.project_id, p.slug, p.name, i.role, coalesce(inviter.email, ''), i.invited_at
    from project_invitations i
    join projects p on p.id = i.project_id and p.archived_at is null
    join users me on me.email = i.email and me.role_name = session_user and me.verified_at is not null
    left join users inviter on inviter.id = i.invited_by
    order by i.invited_at
$$;

create function accept_invitation(p_project_id bigint) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_me users%rowtype;
    v_invitation project_invitations%rowtype;
begin
    select * into v_me from users where role_name = session_user and verified_at is not null;
    if not found then
        raise exception 'Verify your email address before accepting an invitation.' using errcode = 'QX002';
    end if;
    delete from project_invitations where project_id = p_project_id and email = v_me.email
    returning * into v_invitation;
    if not found then
        raise exception 'There is no invitation to this project for %.', v_me.email using errcode = 'QX003';
    end if;
    insert into project_members (project_id, user_id, role, added_by)
    values (p_project_id, v_me.id, v_invitation.role, v_invitation.invited_by)
    on conflict do nothing;
    return v_invitation.role;
end
$$;

create function decline_invitation(p_project_id bigint) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
begin
    delete from project_invitations i using users me
    where i.project_id = p_project_id and i.email = me.email and me.role_name = session_user and me.verified_at is not null;
end
$$;

-- Members and invitations with their key state, now including each member's keys for the fingerprint the Admin
-- compares before confirming (the client decides who is confirmed: the signed roster, not the database, says so).
drop function project_member_list(bigint);
create function project_member_list(p_project_id bigint)
    returns table (user_id bigint, email text, role text, added_at timestamptz, invited boolean, holds_key boolean,
                   public_key bytea, signing_public_key bytea)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform require_project_role(p_project_id, 'viewer');
    return query
        select m.user_id, u.email, m.role, m.added_at, false,
               exists (select 1 from project_key_wraps w
                       where w.project_id = m.project_id and w.user_id = m.user_id and w.key_version = p.key_version),
               k.public_key, k.signing_public_key
        from project_members m
        join users u on u.id = m.user_id
        join projects p on p.id = m.project_id
        left join user_keys k on k.user_id = m.user_id
        where m.project_id = p_project_id
        union all
        select null::bigint, i.email, i.role, i.invited_at, true, false, null::bytea, null::bytea
        from project_invitations i
        where i.project_id = p_project_id
        order by 2;
end
$$;

-- Keys are shared only when an Admin confirms a person: nothing lists "whoever is waiting" for automatic sharing.
drop function pending_key_shares();
drop function pending_org_key_shares();

-- The organization's members with their keys, for an org admin confirming who receives the organization key.
create function org_member_list()
    returns table (user_id bigint, email text, org_role text, holds_key boolean, public_key bytea,
                   signing_public_key bytea)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select u.id, u.email, u.org_role,
           exists (select 1 from org_key_wraps w where w.org_id = o.id and w.user_id = u.id and w.key_version = o.key_version),
           k.public_key, k.signing_public_key
    from users u
    join organizations o on o.id = u.org_id
    left join user_keys k on k.user_id = u.id
    where u.org_id = any (app_org_ids('admin')) and u.verified_at is not null
    order by u.email
$$;

-- ---------------------------------------------------------------- signed key rosters

-- Who holds a project's (or the organization's) key, as a chain of rosters each signed with an Admin's Ed25519 key:
-- members with their key fingerprints and roles, and every key version with a commitment to the key. Clients verify the
-- chain back to its first roster (signed by the project's creator) before they use a key or encrypt under a version,
-- and wrap keys only for people in it. The database stores the chain; it cannot forge a link (docs/security.md).
create table key_rosters (
    scope      text not null check (scope in ('project', 'org')),
    owner_id   bigint not null,
    epoch      integer not null check (epoch >= 1),
    body       bytea not null check (length(body) <= 1000000),
    signature  bytea not null check (length(signature) = 64),
    signer_id  bigint not null references users (id),
    created_at timestamptz not null default now(),
    primary key (scope, owner_id, epoch)
);
alter table key_rosters enable row level security;
create policy key_rosters_read on key_rosters for select
    using ((scope = 'project' and owner_id = any ((select app_project_ids('viewer'))::bigint[]))
           or (scope = 'org' and owner_id = any ((select app_org_ids('member'))::bigint[])));
grant select on key_rosters to ${user_role};

create function append_key_roster(p_scope text, p_owner_id bigint, p_epoch integer, p_body bytea, p_signature bytea)
    returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_latest integer;
begin
    if p_scope = 'project' then
        perform require_project_role(p_owner_id, 'admin');
    elsif p_scope = 'org' then
        if p_owner_id is null or not (p_owner_id = any (app_org_ids('admin'))) then
            raise exception 'Only an organization admin can change who holds the organization key.' using errcode = 'QX002';
        end if;
    else
        raise exception 'A roster belongs to a project or an organization.' using errcode = 'QX005';
    end if;
    if p_body is null or length(p_body) > 1000000 or p_signature is null or length(p_signature) <> 64 then
        raise exception 'The roster sent with this request is malformed.' using errcode = 'QX005';
    end if;
    select max(epoch) into v_latest from key_rosters where scope = p_scope and owner_id = p_owner_id;
    if p_epoch is distinct from coalesce(v_latest, 0) + 1 then
        raise exception 'Someone changed who holds the key meanwhile; reload and try again.' using errcode = 'QX007';
    end if;
    insert into key_rosters (scope, owner_id, epoch, body, signature, signer_id)
    values (p_scope, p_owner_id, p_epoch, p_body, p_signature, app_user_id());
exception
    when unique_violation then
        raise exception 'Someone changed who holds the key meanwhile; reload and try again.' using errcode = 'QX007';
end
$$;

-- Every wrap carries its wrapper's signature (wraps made before this migration have none; clients accept those only
-- for a key whose commitment the roster signs).
alter table project_key_wraps add column signature bytea check (signature is null or length(signature) = 64);
alter table org_key_wraps add column signature bytea check (signature is null or length(signature) = 64);

-- The organization key now comes with its first roster and a signed wrap.
drop function create_org_key(bytea, bytea);
create function create_org_key(p_ephemeral_public_key bytea, p_wrapped_key bytea, p_signature bytea) returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
    v_version integer;
begin
    select * into v_user from users where role_name = session_user and verified_at is not null;
    if not found or v_user.org_role <> 'admin' then
        raise exception 'Only an organization admin can create the organization key.' using errcode = 'QX002';
    end if;
    select key_version into v_version from organizations where id = v_user.org_id for update;
    if v_version > 0 then
        return v_version;
    end if;
    insert into org_keys (org_id, version, created_by) values (v_user.org_id, 1, v_user.id);
    insert into org_key_wraps (org_id, user_id, key_version, ephemeral_public_key, wrapped_key, wrapped_by, signature)
    values (v_user.org_id, v_user.id, 1, p_ephemeral_public_key, p_wrapped_key, v_user.id, p_signature);
    update organizations set key_version = 1 where id = v_user.org_id;
    return 1;
end
$$;

-- What a user has seen of each chain: the latest roster they verified (its epoch and hash), signed with their own key so
-- that the database cannot hand them an older or forked chain without it showing.
create table key_pins (
    user_id    bigint not null references users (id) on delete cascade,
    scope      text not null check (scope in ('project', 'org')),
    owner_id   bigint not null,
    epoch      integer not null check (epoch >= 1),
    head       bytea not null check (length(head) = 32),
    signature  bytea not null check (length(signature) = 64),
    updated_at timestamptz not null default now(),
    primary key (user_id, scope, owner_id)
);
alter table key_pins enable row level security;
create policy key_pins_own on key_pins for all
    using (user_id = (select app_user_id())) with check (user_id = (select app_user_id()));
grant select, insert, update, delete on key_pins to ${user_role};

-- Org admins read the public keys of their organization's members (to confirm them for the organization key).
create function app_org_member_ids() returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select coalesce(array_agg(id), '{}'::bigint[]) from users where org_id = any (app_org_ids('admin')) $$;

alter policy user_keys_read on user_keys
    using (user_id = (select app_user_id()) or user_id = any ((select app_co_member_ids())::bigint[])
           or user_id = any ((select app_org_member_ids())::bigint[]));
grant select (signing_public_key) on user_keys to ${user_role};


-- ---------------------------------------------------------------- denial of service

-- Cap admission is serialised on a row of this table (no client can read, lock or write it).
create table llm_cap_locks (project_id bigint primary key references projects (id));
alter table llm_cap_locks enable row level security;

create or replace function llm_reserve(p_project_id bigint, p_id uuid, p_amount_micros bigint, p_ttl_seconds integer)
    returns table (admitted boolean, five_hour_used bigint, five_hour_cap bigint, weekly_used bigint, weekly_cap bigint)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '10s'
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
    -- serialised per project on a row no client can lock (an advisory lock key anyone could take and hold)
    insert into llm_cap_locks (project_id) values (p_project_id) on conflict do nothing;
    perform 1 from llm_cap_locks where project_id = p_project_id for update;
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


-- The functions that take row locks give up after lock_timeout instead of waiting behind a caller who holds one.
alter function create_project(text, text) set lock_timeout = '5s';

-- One person creates at most 20 projects an hour (each could otherwise send its own hundred invitations).
create function limit_project_creation() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    if app_user_id() is not null and not take_rate_limit('create_project', app_user_id()::text) then
        raise exception 'You created too many projects in the last hour; try again later.' using errcode = 'QX009';
    end if;
    return new;
end
$$;

create trigger projects_creation_limit before insert on projects
    for each row execute function limit_project_creation();
alter function begin_key_rotation(bigint, integer) set lock_timeout = '10s';

-- The same as before, with the weakest lock that serializes rotations (writers take KEY SHARE and never wait on it).
create or replace function begin_key_rotation(p_project_id bigint, p_expected_version integer) returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '10s'
as $$
declare
    v_current integer;
begin
    perform require_project_role(p_project_id, 'admin');
    select key_version into v_current from projects where id = p_project_id for no key update;
    if v_current <> p_expected_version then
        raise exception 'The project key changed to version % meanwhile; reload and try again.', v_current
            using errcode = 'QX007';
    end if;
    insert into project_keys (project_id, version, created_by) values (p_project_id, v_current + 1, app_user_id());
    update projects set key_version = v_current + 1, rotation_needed = false, version = version + 1
    where id = p_project_id;
    return v_current + 1;
end
$$;
alter function llm_set_caps(bigint, bigint, bigint) set lock_timeout = '5s';

-- ---------------------------------------------------------------- the usage ledger

-- Clients no longer insert usage rows: record_llm_usage writes them with the server's time, the caller as the user,
-- the project's organization, and the cost computed from the price table. Token counts and money cannot be negative.
drop policy llm_usage_log_insert on llm_usage_log;
revoke insert on llm_usage_log from ${user_role};
alter table llm_usage_log
    add constraint llm_usage_log_non_negative check (input_tokens >= 0 and output_tokens >= 0 and cached_tokens >= 0
                                                     and cached_tokens <= input_tokens and latency_ms >= 0
                                                     and cost_micros >= 0) not valid;
alter table llm_reservations
    add constraint llm_reservations_settled_non_negative check (settled_micros is null or settled_micros >= 0) not valid;

-- The price of a model on a day: the newest version valid then; a dated snapshot (gpt-4o-2024-08-06) falls back to its
-- family. Unpriced models cost nothing (they are shown as unpriced).
create function llm_price_on(p_provider text, p_model text, p_day date)
    returns table (input_usd_per_mtok numeric, output_usd_per_mtok numeric, cached_usd_per_mtok numeric)
    language sql stable
    set search_path = qodex, pg_temp
as $$
    select p.input_usd_per_mtok, p.output_usd_per_mtok, p.cached_usd_per_mtok
    from llm_prices p
    where p.provider = p_provider and p.valid_from <= p_day
      and p.model in (p_model, regexp_replace(p_model, '-[0-9]{4}-[0-9]{2}-[0-9]{2}$', ''))
    order by (p.model = p_model) desc, p.valid_from desc
    limit 1
$$;

-- Records a batch of calls of the caller (arrays of equal length, at most 5,000). A call already recorded is skipped
-- (the spool replays). Returns how many rows were new. Exact cost: tokens x USD per million tokens, in micro-dollars,
-- rounded half up once per call.
create function record_llm_usage(p_ids uuid[], p_project_ids bigint[], p_providers text[], p_models text[],
                                 p_sources text[], p_fundings text[], p_input_tokens integer[],
                                 p_output_tokens integer[], p_cached_tokens integer[], p_latencies integer[],
                                 p_outcomes text[], p_errors text[]) returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '10s'
as $$
declare
    v_user_id bigint := app_verified_user_id();
    v_count integer := coalesce(cardinality(p_ids), 0);
    v_inserted integer;
begin
    if v_user_id is null then
        raise exception 'Only a verified Qodex account records LLM usage.' using errcode = 'QX002';
    end if;
    if v_count > 5000 or v_count <> coalesce(cardinality(p_project_ids), 0)
       or v_count <> coalesce(cardinality(p_providers), 0) or v_count <> coalesce(cardinality(p_models), 0)
       or v_count <> coalesce(cardinality(p_sources), 0) or v_count <> coalesce(cardinality(p_fundings), 0)
       or v_count <> coalesce(cardinality(p_input_tokens), 0) or v_count <> coalesce(cardinality(p_output_tokens), 0)
       or v_count <> coalesce(cardinality(p_cached_tokens), 0) or v_count <> coalesce(cardinality(p_latencies), 0)
       or v_count <> coalesce(cardinality(p_outcomes), 0) or v_count <> coalesce(cardinality(p_errors), 0) then
        raise exception 'A usage batch has at most 5,000 calls and one value of each column per call.' using errcode = 'QX005';
    end if;
    if v_count = 0 then
        return 0;
    end if;
    if exists (select 1 from unnest(p_project_ids) p where p is null or not (p = any (app_project_ids('member')))) then
        raise exception 'Usage is recorded only for projects where you are a Member or Admin.' using errcode = 'QX002';
    end if;
    if exists (select 1 from unnest(p_ids, p_providers, p_models, p_sources, p_fundings, p_input_tokens, p_output_tokens,
                                    p_cached_tokens, p_latencies, p_outcomes)
                   as x(k, prov, m, s, f, i, o, c, l, oc)
               where k is null or prov is null or length(prov) > 40 or m is null or length(m) > 100
                  or s is null or length(s) > 100 or f is null or f not in ('byok', 'platform', 'codex_pool')
                  or i is null or o is null or c is null or l is null or i < 0 or o < 0 or c < 0 or c > i or l < 0
                  or oc is null) then
        raise exception 'A usage row is malformed (negative or missing counts, unknown funding).' using errcode = 'QX005';
    end if;
    insert into llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, source, funding,
                               input_tokens, output_tokens, cached_tokens, latency_ms, outcome, cost_micros,
                               error_message, created_at)
    select x.k, x.p, pr.org_id, v_user_id, x.prov, x.m, x.s, x.f, x.i, x.o, x.c, x.l, x.oc,
           coalesce(floor(((x.i - x.c)::numeric * price.input_usd_per_mtok + x.c::numeric * price.cached_usd_per_mtok
                           + x.o::numeric * price.output_usd_per_mtok) + 0.5)::bigint, 0),
           left(x.err, 500), now()
    from unnest(p_ids, p_project_ids, p_providers, p_models, p_sources, p_fundings, p_input_tokens, p_output_tokens,
                p_cached_tokens, p_latencies, p_outcomes, p_errors) as x(k, p, prov, m, s, f, i, o, c, l, oc, err)
    join projects pr on pr.id = x.p
    left join lateral llm_price_on(x.prov, x.m, (now() at time zone 'UTC')::date) price on true
    on conflict (idempotency_key) do nothing;
    get diagnostics v_inserted = row_count;
    return v_inserted;
end
$$;

create or replace function llm_usage_rollup() returns trigger
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
    -- a usage row settles the reservation of its own call in its own project only
    delete from llm_reservations r using new_rows n where r.id = n.idempotency_key and r.project_id = n.project_id;
    return null;
end
$$;

-- ---------------------------------------------------------------- who wrote what, and when

-- Authors and times are the database's: a client cannot write that someone else did something, or when.
--   tg_argv[0]: the author column, set to the caller on insert (and on update when tg_argv[2] = 'updated')
--   tg_argv[1]: the time column, likewise
--   tg_argv[2]: 'created' (kept on update) or 'updated' (stamped on every write)
create function stamp_author() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
declare
    v_stamp jsonb;
begin
    if app_user_id() is null then
        return new; -- the owner's migrations and a superuser's repairs: they could write anything anyway
    end if;
    if tg_op = 'INSERT' or tg_argv[2] = 'updated' then
        v_stamp := jsonb_build_object(tg_argv[0], app_user_id(), tg_argv[1], now());
    else
        v_stamp := jsonb_build_object(tg_argv[0], to_jsonb(old) -> tg_argv[0], tg_argv[1], to_jsonb(old) -> tg_argv[1]);
    end if;
    new := jsonb_populate_record(new, v_stamp);
    return new;
end
$$;

create trigger chats_author before insert or update on chats
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger chat_messages_author before insert or update on chat_messages
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger scenarios_author before insert or update on scenarios
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger test_runs_author before insert or update on test_runs
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger project_memory_author before insert or update on project_memory
    for each row execute function stamp_author('updated_by', 'updated_at', 'updated');
create trigger byok_credentials_author before insert or update on byok_credentials
    for each row execute function stamp_author('set_by', 'set_at', 'updated');
create trigger org_platform_keys_author before insert or update on org_platform_keys
    for each row execute function stamp_author('set_by', 'set_at', 'updated');
create trigger llm_prices_author before insert or update on llm_prices
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger project_api_keys_author before insert or update on project_api_keys
    for each row execute function stamp_author('created_by', 'created_at', 'created');
create trigger project_key_wraps_author before insert or update on project_key_wraps
    for each row execute function stamp_author('wrapped_by', 'created_at', 'created');
create trigger org_key_wraps_author before insert or update on org_key_wraps
    for each row execute function stamp_author('wrapped_by', 'created_at', 'created');
create trigger key_pins_author before insert or update on key_pins
    for each row execute function stamp_author('user_id', 'updated_at', 'updated');

-- A secret is not written while a rotation is due (someone who held the key lost access to it): it would be readable
-- by them. The rotation itself clears the flag before it re-encrypts.
create or replace function enforce_secret_format() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_column text;
    v_new text;
    v_old text;
    v_current integer;
    v_rotation boolean;
begin
    foreach v_column in array tg_argv loop
        v_new := to_jsonb(new) ->> v_column;
        v_old := case when tg_op = 'UPDATE' then to_jsonb(old) ->> v_column end;
        if v_new is not null and v_new is distinct from v_old then
            if v_new !~ '^v1\.[0-9]+\.[A-Za-z0-9+/]+=*$' then
                raise exception 'Secrets are stored only as project-key ciphertext (%.%).', tg_table_name, v_column
                    using errcode = 'QX005';
            end if;
            if tg_table_name = 'org_platform_keys' then
                select key_version into v_current from organizations where id = new.org_id for share;
            else
                -- KEY SHARE, not SHARE: a writer who keeps the transaction open must not hold up a removal or a
                -- rotation (both update the row without touching its key). A write that overlaps a rotation may
                -- land under the old version; the rotating client sweeps such rows up (KeyRing.sweep).
                select key_version, rotation_needed into v_current, v_rotation from projects
                where id = new.project_id for key share;
                if v_rotation then
                    raise exception 'Someone lost access to this project''s key: it must be rotated before a secret is '
                        'written (an Admin''s client does it on sign-in, or run qodex keys rotate).' using errcode = 'QX007';
                end if;
            end if;
            if split_part(v_new, '.', 2)::integer <> v_current then
                raise exception 'The key was rotated while you were editing; reload and try again.' using errcode = 'QX007';
            end if;
        end if;
    end loop;
    return new;
end
$$;

-- ---------------------------------------------------------------- change notifications

-- Every project and every user has a channel whose name is random and readable only by its members (or the user):
-- LISTEN on another project's channel needs a name nobody outside it can learn. The project's channel changes when
-- someone leaves it. A notification is a hint to re-read through row-level security; clients never act on its content.
create function new_channel_name() returns text
    language sql volatile
    set search_path = qodex, pg_temp
as $$ select 'qx_' || base32(random_bytes(20)) $$;

alter table projects add column notify_channel text not null default new_channel_name();
alter table users add column notify_channel text not null default new_channel_name();

-- The channels the signed-in user listens to: their own, and one per project they may see.
create function my_channels()
    returns table (project_id bigint, channel text)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select null::bigint, u.notify_channel from users u where u.role_name = session_user
    union all
    select p.id, p.notify_channel from projects p where p.id = any (app_project_ids('viewer'))
$$;

create or replace function notify_change() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_row jsonb := to_jsonb(coalesce(new, old));
    v_project bigint := case tg_table_name
                            when 'projects' then (v_row ->> 'id')::bigint
                            when 'key_rosters' then case when v_row ->> 'scope' = 'project'
                                                         then (v_row ->> 'owner_id')::bigint end
                            else (v_row ->> 'project_id')::bigint end;
    v_payload text := json_build_object('t', tg_table_name, 'id',
        coalesce(v_row ->> 'id', v_row ->> 'user_id', v_row ->> 'project_id'), 'op', lower(tg_op))::text;
    v_channel text;
begin
    if tg_table_name = 'active_environments' then
        -- whose active environment changed is that user's business only
        select notify_channel into v_channel from users where id = (v_row ->> 'user_id')::bigint;
    elsif tg_table_name = 'project_invitations' then
        select notify_channel into v_channel from users where email = v_row ->> 'email';
        if v_channel is not null then
            perform pg_notify(v_channel, json_build_object('t', 'invitations', 'op', lower(tg_op))::text);
        end if;
        v_channel := null;
    elsif tg_table_name = 'project_members' then
        select notify_channel into v_channel from users where id = (v_row ->> 'user_id')::bigint;
        if v_channel is not null then
            perform pg_notify(v_channel, json_build_object('t', 'memberships', 'op', lower(tg_op))::text);
        end if;
        v_channel := null;
    end if;
    if tg_table_name = 'projects' and tg_op = 'UPDATE' then
        v_channel := to_jsonb(old) ->> 'notify_channel';
        if v_channel is distinct from v_row ->> 'notify_channel' then
            -- those still in the project learn the new name from my_channels(); the one who left cannot
            perform pg_notify(v_channel, json_build_object('t', 'channels', 'op', 'update')::text);
        end if;
        v_channel := null;
    end if;
    if v_channel is not null then
        perform pg_notify(v_channel, v_payload);
    elsif v_project is not null then
        select notify_channel into v_channel from projects where id = v_project;
        if v_channel is not null then
            perform pg_notify(v_channel, v_payload);
        end if;
    end if;
    return null;
end
$$;

create trigger key_rosters_notify after insert on key_rosters for each row execute function notify_change();

-- Whoever leaves a project (removed, or on their own) stops hearing about it.
create function rename_project_channel() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
begin
    update projects set notify_channel = new_channel_name() where id = old.project_id;
    return null;
end
$$;

create trigger project_members_channel after delete on project_members
    for each row execute function rename_project_channel();

-- ---------------------------------------------------------------- grants

revoke execute on all functions in schema qodex from public;

grant execute on function sign_up(text, text, bytea, bytea, bytea, text) to ${signup_role};
grant execute on function reset_password(text, text, text, bytea, bytea, bytea, text) to ${signup_role};
grant execute on function login_parameters(text) to ${signup_role};

grant execute on function change_password(text, bytea, text, bytea) to ${user_role};
grant execute on function my_sealed_key() to ${user_role};
grant execute on function my_invitations() to ${user_role};
grant execute on function accept_invitation(bigint) to ${user_role};
grant execute on function decline_invitation(bigint) to ${user_role};
grant execute on function project_member_list(bigint) to ${user_role};
grant execute on function org_member_list() to ${user_role};
grant execute on function append_key_roster(text, bigint, integer, bytea, bytea) to ${user_role};
grant execute on function create_org_key(bytea, bytea, bytea) to ${user_role};
grant execute on function record_llm_usage(uuid[], bigint[], text[], text[], text[], text[], integer[], integer[],
                                           integer[], integer[], text[], text[]) to ${user_role};
grant execute on function my_channels() to ${user_role};
grant execute on function app_org_member_ids() to ${user_role};
