-- F5 Project API keys for CI (issue 11; docs/decisions/0029).
--  * Each key is a LOGIN role, qx_<id>_k_<random>, whose password is the key's 256-bit secret: the database keeps only
--    its SCRAM verifier (computed by the client; the secret never reaches the server). VALID UNTIL is the key's
--    expiry, so an expired key is refused at connect; revoking makes the role NOLOGIN at once (refused at connect,
--    with a message of its own) and marks the row.
--  * Key logins are members of qx_<id>_keys only: no table grants at all, EXECUTE on the ci_* functions only. Those
--    read exactly the key's project, within its scopes, and stamp the key's last use.
--  * Keys are minted, rotated and revoked through functions: a Member for their own keys, an Admin for every key of
--    the project, a Viewer not at all; a key login cannot call them. A key works only while its creator is still a
--    Member or Admin of the project. Revoking ends the key's open sessions.
--  * Nothing a key's session does locks a row that revoking or removing a member needs: its last use is stamped in a
--    table of its own, and minting serialises on an advisory lock, not on the project's row.

do $$
begin
    create role qx_${install_id}_keys nologin nosuperuser nocreatedb nocreaterole nobypassrls;
exception when duplicate_object then
    null; -- another database of this installation's server made it, or an earlier attempt
end
$$;
grant usage on schema qodex to qx_${install_id}_keys;

-- NOT VALID: rows written before (there should be none) stay; every new or changed row is checked.
alter table project_api_keys
    add column role_name text unique,
    add constraint project_api_keys_prefix_shape check (prefix ~ '^[a-z2-7]{14,40}$') not valid,
    add constraint project_api_keys_scopes_known
        check (cardinality(scopes) between 1 and 4
               and scopes <@ array['env:read', 'secrets:read', 'sessions', 'webhooks']::text[]) not valid,
    add constraint project_api_keys_name_printable check (name !~ '[[:cntrl:]]') not valid,
    add constraint project_api_keys_role_shape check (role_name ~ '^qx_${install_id}_k_[a-z2-7]{8}$') not valid,
    add constraint project_api_keys_expiry
        check (expires_at is not null and expires_at <= created_at + interval '366 days') not valid;
create unique index project_api_keys_live_name_idx on project_api_keys (project_id, lower(name)) where revoked_at is null;

-- When each key was used last. Apart from project_api_keys: a key's session that stamps its use (and keeps that
-- transaction open) must not hold a lock that revoking the key, or removing its creator, waits for.
create table api_key_uses (
    key_id       bigint primary key references project_api_keys (id),
    last_used_at timestamptz not null
);
alter table api_key_uses enable row level security;

insert into rate_limit_settings (name, max_count, per) values
    ('create_api_key', 30, interval '1 hour')    -- keys one person mints (and rotates): each is a database role
on conflict (name) do nothing;

-- Members and Admins list the project's keys (never the secret: only the verifier exists, in pg_authid); changes go
-- through the functions below.
drop policy project_api_keys_read on project_api_keys;
create policy project_api_keys_read on project_api_keys for select
    using (project_id = any ((select app_project_ids('member'))::bigint[]));
drop policy project_api_keys_insert on project_api_keys;
drop policy project_api_keys_update on project_api_keys;
revoke insert, update on project_api_keys from ${user_role};

create function limit_api_key_role(p_role text) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    execute format('alter role %I connection limit 2', p_role);
    execute format('alter role %I set statement_timeout = %L', p_role, '30s');
    execute format('alter role %I set idle_in_transaction_session_timeout = %L', p_role, '30s');
    execute format('alter role %I set idle_session_timeout = %L', p_role, '10min');
    execute format('alter role %I set lock_timeout = %L', p_role, '5s');
end
$$;

-- Mints a key: the row and its login. p_random names the login (8 of a-z2-7); the prefix shown is the installation
-- id, that, and the expiry in minutes (base32), which the key's text carries too (so a client can tell an expired key
-- from a wrong one). Returns the prefix.
create function create_api_key(p_project_id bigint, p_name text, p_random text, p_scopes text[],
                               p_expires_at timestamptz, p_scram_verifier text, p_key_hash bytea) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set timezone = 'UTC'          -- VALID UNTIL below is written as text: the caller's zone and style must not shift it
    set datestyle = 'ISO, YMD'
    set lock_timeout = '5s'
as $$
declare
    v_user bigint := app_verified_user_id();
    v_role text := 'qx_${install_id}_k_' || p_random;
    v_prefix text;
begin
    if v_user is null then
        raise exception 'Sign in with a verified account to create API keys.' using errcode = 'QX003';
    end if;
    perform require_project_role(p_project_id, 'member');
    if p_name is null or length(btrim(p_name)) not between 1 and 100 or p_name ~ '[[:cntrl:]]' then
        raise exception 'A key''s name is 1-100 printable characters.' using errcode = 'QX005';
    end if;
    if p_random is null or p_random !~ '^[a-z2-7]{8}$' then
        raise exception 'Malformed key.' using errcode = 'QX005';
    end if;
    if p_scopes is null or cardinality(p_scopes) not between 1 and 4
            or not (p_scopes <@ array['env:read', 'secrets:read', 'sessions', 'webhooks']::text[])
            or (select count(distinct s) from unnest(p_scopes) s) <> cardinality(p_scopes) then
        raise exception 'Scopes are one or more of env:read, secrets:read, sessions, webhooks.' using errcode = 'QX005';
    end if;
    if not (p_scopes <@ array['env:read', 'webhooks']::text[]) then
        -- they need the project key wrapped for the key (not built yet): refused here too, not only by the client
        raise exception 'The secrets:read and sessions scopes are not available yet.' using errcode = 'QX005';
    end if;
    if p_expires_at is null or p_expires_at <= now() + interval '1 minute'
            or p_expires_at > now() + interval '366 days' then
        raise exception 'A key expires between a minute and a year from now.' using errcode = 'QX005';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    if p_key_hash is null or length(p_key_hash) <> 32 then
        raise exception 'Malformed key.' using errcode = 'QX005';
    end if;
    -- one mint at a time per project, so that the count holds; not a lock on the project's row, which every write
    -- to the project (and removing a member) would wait for while someone keeps a mint's transaction open
    perform pg_advisory_xact_lock(hashtextextended('qodex.create_api_key', p_project_id));
    if not take_rate_limit('create_api_key', v_user::text) then
        raise exception 'You created many API keys in the last hour: wait a while.' using errcode = 'QX004';
    end if;
    if (select count(*) from project_api_keys where project_id = p_project_id and revoked_at is null
            and expires_at > now()) >= 20 then
        raise exception 'A project has at most 20 live API keys: revoke one first.' using errcode = 'QX004';
    end if;
    if exists (select 1 from project_api_keys where project_id = p_project_id and revoked_at is null
               and lower(name) = lower(btrim(p_name))) then
        raise exception 'The project already has a key named "%": rotate or revoke it, or choose another name.',
            btrim(p_name) using errcode = 'QX004';
    end if;
    insert into project_api_keys (project_id, name, prefix, key_hash, scopes, created_by, expires_at, role_name)
    values (p_project_id, btrim(p_name), '${install_id}' || p_random || api_key_expiry_text(p_expires_at), p_key_hash,
            p_scopes, v_user, date_trunc('minute', p_expires_at), v_role)
    returning prefix into v_prefix;
    execute format('create role %I login password %L valid until %L in role qx_${install_id}_keys', v_role,
                   p_scram_verifier, date_trunc('minute', p_expires_at));
    execute format('grant connect on database %I to %I', current_database(), v_role);
    execute format('grant %I to %I', v_role, current_user); -- so that revoking can end its sessions
    perform limit_api_key_role(v_role);
    return v_prefix;
end
$$;

-- The expiry as the key's text carries it: minutes since 1970, 7 characters of base32 (a-z2-7).
create function api_key_expiry_text(p_expires_at timestamptz) returns text
    language plpgsql immutable
    set search_path = qodex, pg_temp
as $$
declare
    v_minutes bigint := floor(extract(epoch from date_trunc('minute', p_expires_at)) / 60);
    v_text text := '';
begin
    for i in 1..7 loop
        v_text := substr('abcdefghijklmnopqrstuvwxyz234567', (v_minutes % 32)::integer + 1, 1) || v_text;
        v_minutes := v_minutes / 32;
    end loop;
    return v_text;
end
$$;

-- The key row the caller may change: their own as a Member, any of the project as an Admin.
create function api_key_for_change(p_id bigint) returns project_api_keys
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_user bigint := app_verified_user_id();
    v_key project_api_keys;
begin
    select * into v_key from project_api_keys where id = p_id for update;
    if v_user is null or v_key.id is null or not (v_key.project_id = any (app_project_ids('member'))) then
        raise exception 'No such API key.' using errcode = 'QX003';
    end if;
    if not (v_key.project_id = any (app_project_ids('admin'))) and v_key.created_by <> v_user then
        raise exception 'Members revoke and rotate their own keys; this one is %''s.',
            (select email from users where id = v_key.created_by) using errcode = 'QX002';
    end if;
    if v_key.revoked_at is not null then
        raise exception 'The key "%" is already revoked.', v_key.name using errcode = 'QX006';
    end if;
    return v_key;
end
$$;

-- Marks the key revoked, refuses its logins from now on, and ends its open sessions.
create function end_api_key(p_key project_api_keys) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    update project_api_keys set revoked_at = now() where id = p_key.id and revoked_at is null;
    -- NOLOGIN rather than DROP: connecting then says "not permitted to log in", which tells a revoked key apart
    execute format('alter role %I nologin', p_key.role_name);
    begin
        perform pg_terminate_backend(pid) from pg_stat_activity where usename = p_key.role_name;
    exception when insufficient_privilege then
        null; -- a server whose DBA did not grant it (db init says so): open sessions end at their idle timeout
    end;
end
$$;

create function revoke_api_key(p_id bigint) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_for_change(p_id);
begin
    perform end_api_key(v_key);
end
$$;

-- A new secret for the same name, scopes and expiry; the old key stops working in the same transaction.
create function rotate_api_key(p_id bigint, p_random text, p_scram_verifier text, p_key_hash bytea) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_for_change(p_id);
begin
    if v_key.expires_at <= now() + interval '1 minute' then
        raise exception 'The key "%" has expired: create a new one.', v_key.name using errcode = 'QX006';
    end if;
    perform end_api_key(v_key);
    return create_api_key(v_key.project_id, v_key.name, p_random, v_key.scopes, v_key.expires_at, p_scram_verifier,
                          p_key_hash);
end
$$;

-- The keys of a project with their creators' addresses, for Members and Admins.
create function project_api_key_list(p_project_id bigint)
    returns table (id bigint, name text, prefix text, scopes text[], created_by text, created_at timestamptz,
                   last_used_at timestamptz, expires_at timestamptz, revoked_at timestamptz)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform require_project_role(p_project_id, 'member');
    return query
        select k.id, k.name, k.prefix, k.scopes, u.email, k.created_at, ku.last_used_at, k.expires_at, k.revoked_at
        from project_api_keys k join users u on u.id = k.created_by left join api_key_uses ku on ku.key_id = k.id
        where k.project_id = p_project_id
        order by k.revoked_at is not null, lower(k.name), k.created_at desc;
end
$$;

-- ---------------------------------------------------------------- what a key login may call

-- The calling key (session_user) if it is live and has the scope (any scope when null); stamps its last use (at
-- most once a minute, so a key calling in a loop writes a row a minute).
create function api_key_session(p_scope text) returns project_api_keys
    language plpgsql volatile
    set search_path = qodex, pg_temp
    set lock_timeout = '50ms'
as $$
declare
    v_key project_api_keys;
begin
    select * into v_key from project_api_keys where role_name = session_user;
    if v_key.id is null then
        raise exception 'Connect with an API key.' using errcode = 'QX003';
    end if;
    if v_key.revoked_at is not null then
        raise exception 'This API key was revoked on %.', to_char(v_key.revoked_at, 'YYYY-MM-DD') using errcode = 'QX002';
    end if;
    if v_key.expires_at <= now() then
        raise exception 'This API key expired on %.', to_char(v_key.expires_at, 'YYYY-MM-DD HH24:MI TZ')
            using errcode = 'QX002';
    end if;
    if p_scope is not null and not (p_scope = any (v_key.scopes)) then
        raise exception 'This API key does not have the % scope (it has %).', p_scope, array_to_string(v_key.scopes, ', ')
            using errcode = 'QX002';
    end if;
    if not exists (select 1 from project_members m where m.project_id = v_key.project_id
                   and m.user_id = v_key.created_by and m.role in ('admin', 'member')) then
        raise exception 'This API key was revoked: the person who created it is no longer a Member of the project.'
            using errcode = 'QX002';
    end if;
    begin
        -- the last use, at most once a minute; never waiting long for a lock (another session of this key may hold it)
        insert into api_key_uses (key_id, last_used_at) values (v_key.id, now())
        on conflict (key_id) do update set last_used_at = excluded.last_used_at
            where api_key_uses.last_used_at < now() - interval '1 minute';
    exception when lock_not_available then
        null;
    end;
    return v_key;
end
$$;

-- The key's project, name and scopes (any live key).
create function ci_key()
    returns table (project_slug text, project_name text, key_name text, scopes text[], expires_at timestamptz)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session(null);
begin
    return query select p.slug, p.name, v_key.name, v_key.scopes, v_key.expires_at
                 from projects p where p.id = v_key.project_id;
end
$$;

-- One environment of the key's project (env:read).
create function ci_environment(p_name text)
    returns table (id bigint, name text, base_url text, api_base_url text, preset text, production_like boolean,
                   read_only boolean, max_requests_per_second integer, allow_destructive_tests boolean,
                   allow_security_testing boolean)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session('env:read');
begin
    return query
        select e.id, e.name, e.base_url, e.api_base_url, e.preset, e.production_like, e.read_only,
               e.max_requests_per_second, e.allow_destructive_tests, e.allow_security_testing
        from environments e
        where e.project_id = v_key.project_id and lower(e.name) = lower(btrim(p_name));
end
$$;

-- The names of the key's project's environments (env:read), for a message naming the valid ones.
create function ci_environment_names()
    returns table (name text)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session('env:read');
begin
    return query select e.name from environments e where e.project_id = v_key.project_id order by e.sort_order, e.name;
end
$$;

-- An environment's variables (env:read): plain values; a secret one's value is never returned here.
create function ci_environment_variables(p_name text)
    returns table (name text, value text, is_secret boolean)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session('env:read');
begin
    return query
        select v.name, case when v.is_secret then null else v.value end, v.is_secret
        from environment_variables v join environments e on e.id = v.environment_id
        where e.project_id = v_key.project_id and lower(e.name) = lower(btrim(p_name))
        order by v.name;
end
$$;

-- A member who leaves (or is removed) or becomes a Viewer takes their keys with them: those are revoked.
create function revoke_departed_api_keys() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys;
begin
    if tg_op = 'UPDATE' and new.role <> 'viewer' then
        return null;
    end if;
    for v_key in
        select * from project_api_keys
        where project_id = old.project_id and created_by = old.user_id and revoked_at is null
    loop
        perform end_api_key(v_key);
    end loop;
    return null;
end
$$;

create trigger project_members_api_keys after delete or update of role on project_members
    for each row execute function revoke_departed_api_keys();

revoke execute on all functions in schema qodex from public;
grant execute on function create_api_key(bigint, text, text, text[], timestamptz, text, bytea),
    revoke_api_key(bigint), rotate_api_key(bigint, text, text, bytea), project_api_key_list(bigint)
    to ${user_role};
grant execute on function ci_key(), ci_environment(text), ci_environment_names(), ci_environment_variables(text)
    to qx_${install_id}_keys;
