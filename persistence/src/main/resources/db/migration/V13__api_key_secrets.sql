-- The secrets:read and sessions scopes of API keys (issue 11; docs/decisions/0031).
--  * A key with either scope holds the project key the way a person does: wrapped (X25519, signed with Ed25519) for a
--    key pair its holder derives from the key's secret. The minting client also signs a grant (project, key id, public
--    key) with its own key, so that an Admin's client rotating the project key can tell a real key from a row a
--    database administrator planted, and leaves an anchor: the key roster it verified at mint, authenticated with a
--    MAC under a key derived from the secret. The key's client verifies the roster chain from there, as a person's
--    client does from their pin, and accepts the project key only if it matches the chain's commitment.
--  * What a key reads is decided here, by scope: env:read plain values; sessions the ciphertexts a replay needs (secret
--    variables, the profile's password, steps, the stored session) and storing a new session; secrets:read secret
--    variables, passwords, static tokens and the sniffed bearer token. Ciphertext is useless without the wrapped key,
--    which only keys of those two scopes get.
--  * Revoking (or rotating) a key deletes its wraps; a project key rotation wraps the new version for every live key
--    whose grant verifies.

alter table project_api_keys
    add column public_key bytea check (public_key is null or length(public_key) = 32),
    add column grant_signature bytea check (grant_signature is null or length(grant_signature) = 64),
    add column anchor_epoch integer check (anchor_epoch is null or anchor_epoch >= 1),
    add column anchor_head bytea check (anchor_head is null or length(anchor_head) = 32),
    add column anchor_mac bytea check (anchor_mac is null or length(anchor_mac) = 32);

create table api_key_wraps (
    key_id               bigint not null references project_api_keys (id) on delete cascade,
    project_id           bigint not null references projects (id),
    key_version          integer not null,
    ephemeral_public_key bytea not null check (length(ephemeral_public_key) = 32),
    wrapped_key          bytea not null check (length(wrapped_key) between 32 and 128),
    signature            bytea not null check (length(signature) = 64),
    wrapped_by           bigint not null references users (id),
    created_at           timestamptz not null default now(),
    primary key (key_id, key_version),
    foreign key (project_id, key_version) references project_keys (project_id, version)
);
-- no policy and no grant: only the functions below read or write it
alter table api_key_wraps enable row level security;

insert into rate_limit_settings (name, max_count, per) values
    ('ci_save_session', 120, interval '1 hour')   -- sessions one key stores (each up to 4 MB)
on conflict (name) do nothing;

-- Revoked or rotated: its wraps go in the same transaction.
create function drop_revoked_api_key_wraps() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
begin
    delete from api_key_wraps where key_id = new.id;
    return null;
end
$$;
create trigger project_api_keys_revoked_wraps after update of revoked_at on project_api_keys
    for each row when (new.revoked_at is not null) execute function drop_revoked_api_key_wraps();

-- ---------------------------------------------------------------- V12 as it landed, corrected (red team, issue 11)
-- V12 is applied on installations as it first landed: what changed since is here, so that its checksum still holds.
--  * A key's last use lives only in api_key_uses, whose row is made at mint: a key's session only ever updates it.
--  * Minting serialises on a lock row no client can reach (an advisory lock's key can be computed and held by any
--    login, the public sign-up login included); at most 10 live keys per person; each mint ends expired keys' sessions.
--  * Revoking ends a key's sessions last (and a rotation only once its successor exists); changing a key waits for no
--    lock a key's own session holds (NO KEY UPDATE).
alter table project_api_keys drop column last_used_at; -- kept in api_key_uses instead
alter table api_key_uses alter column last_used_at drop not null;
insert into api_key_uses (key_id) select k.id from project_api_keys k
where not exists (select 1 from api_key_uses u where u.key_id = k.id);

create table api_key_mint_locks (
    project_id bigint primary key references projects (id)
);
alter table api_key_mint_locks enable row level security;

-- Rows a client wrote before these functions existed (there should be none) have no login: revoked, so that nothing
-- below ever meets a key without one.
update project_api_keys set revoked_at = now() where role_name is null and revoked_at is null;

-- The key row the caller may change: their own as a Member, any of the project as an Admin.
create or replace function api_key_for_change(p_id bigint) returns project_api_keys
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_user bigint := app_verified_user_id();
    v_key project_api_keys;
begin
    -- NO KEY UPDATE: it does not wait for the KEY SHARE lock a key's session takes on its row (stamping its use)
    select * into v_key from project_api_keys where id = p_id for no key update;
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

-- Marks the key revoked and refuses its logins from now on (both undone if the transaction fails).
create function retire_api_key(p_key project_api_keys) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    update project_api_keys set revoked_at = now() where id = p_key.id and revoked_at is null;
    if p_key.role_name is not null then
        -- NOLOGIN rather than DROP: connecting then says "not permitted to log in", which tells a revoked key apart
        execute format('alter role %I nologin', p_key.role_name);
    end if;
end
$$;

-- Ends the open sessions of a key's login: the last step of revoking (ending a session cannot be undone).
create function end_api_key_sessions(p_role text) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    if p_role is null then
        return;
    end if;
    perform pg_terminate_backend(pid) from pg_stat_activity where usename = p_role;
exception when insufficient_privilege then
    null; -- a server whose DBA did not grant it (db init says so): open sessions end at their idle timeout
end
$$;

create or replace function end_api_key(p_key project_api_keys) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    perform retire_api_key(p_key);
    perform end_api_key_sessions(p_key.role_name);
end
$$;

-- Sessions of expired keys are refused by every function but would keep their connection: ended at each mint.
create function end_expired_api_key_sessions() returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    perform end_api_key_sessions(a.usename)
    from (select distinct s.usename from pg_stat_activity s
          join project_api_keys k on k.role_name = s.usename
          where k.expires_at <= now()) a;
end
$$;

-- A new secret for the same name, scopes and expiry; the old key stops working in the same transaction.
create or replace function rotate_api_key(p_id bigint, p_random text, p_scram_verifier text, p_key_hash bytea) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_for_change(p_id);
    v_prefix text;
begin
    if v_key.expires_at <= now() + interval '1 minute' then
        raise exception 'The key "%" has expired: create a new one.', v_key.name using errcode = 'QX006';
    end if;
    perform retire_api_key(v_key);
    v_prefix := create_api_key(v_key.project_id, v_key.name, p_random, v_key.scopes, v_key.expires_at,
                               p_scram_verifier, p_key_hash);
    perform end_api_key_sessions(v_key.role_name); -- last: if the new key is refused, the old one keeps working
    return v_prefix;
end
$$;

-- The calling key (session_user) if it is live and has the scope (any scope when null); stamps its last use (at
-- most once a minute, so a key calling in a loop writes a row a minute).
create or replace function api_key_session(p_scope text) returns project_api_keys
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
        update api_key_uses set last_used_at = now()
        where key_id = v_key.id and (last_used_at is null or last_used_at < now() - interval '1 minute');
    exception when lock_not_available then
        null;
    end;
    return v_key;
end
$$;

create or replace function create_api_key(p_project_id bigint, p_name text, p_random text, p_scopes text[],
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
    if p_expires_at is null or p_expires_at <= now() + interval '1 minute'
            or p_expires_at > now() + interval '366 days' then
        raise exception 'A key expires between a minute and a year from now.' using errcode = 'QX005';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    if p_key_hash is null or length(p_key_hash) <> 32 then
        raise exception 'Malformed key.' using errcode = 'QX005';
    end if;
    -- one mint at a time per project, so that the count holds: on a row of its own, not the project's row (which every
    -- write to the project and removing a member would wait for while someone keeps a mint's transaction open), and
    -- not an advisory lock (whose key any login can compute and hold)
    insert into api_key_mint_locks (project_id) values (p_project_id) on conflict do nothing;
    perform 1 from api_key_mint_locks where project_id = p_project_id for update;
    perform end_expired_api_key_sessions();
    if not take_rate_limit('create_api_key', v_user::text) then
        raise exception 'You created many API keys in the last hour: wait a while.' using errcode = 'QX004';
    end if;
    if (select count(*) from project_api_keys where project_id = p_project_id and revoked_at is null
            and expires_at > now()) >= 20 then
        raise exception 'A project has at most 20 live API keys: revoke one first.' using errcode = 'QX004';
    end if;
    if (select count(*) from project_api_keys where created_by = v_user and revoked_at is null
            and expires_at > now()) >= 10 then
        raise exception 'You have 10 live API keys (across projects): revoke one first.' using errcode = 'QX004';
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
    insert into api_key_uses (key_id) select id from project_api_keys where prefix = v_prefix;
    execute format('create role %I login password %L valid until %L in role qx_${install_id}_keys', v_role,
                   p_scram_verifier, date_trunc('minute', p_expires_at));
    execute format('grant connect on database %I to %I', current_database(), v_role);
    execute format('grant %I to %I', v_role, current_user); -- so that revoking can end its sessions
    perform limit_api_key_role(v_role);
    return v_prefix;
end
$$;

-- Gives a key minted (or rotated) in this transaction its wrapped project key, grant and anchor. Only its creator,
-- once, for a key with the secrets:read or sessions scope, with a wrap of the current key version that the creator
-- holds themselves (the database cannot check the cryptography; the key's client and rotating Admins do).
create function set_api_key_access(p_prefix text, p_public_key bytea, p_grant_signature bytea, p_anchor_epoch integer,
                                   p_anchor_head bytea, p_anchor_mac bytea, p_key_version integer,
                                   p_ephemeral_public_key bytea, p_wrapped_key bytea, p_wrap_signature bytea)
    returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user bigint := app_verified_user_id();
    v_key project_api_keys;
begin
    select * into v_key from project_api_keys where prefix = p_prefix for no key update;
    if v_user is null or v_key.id is null or v_key.created_by <> v_user or v_key.revoked_at is not null
            or v_key.created_at < now() - interval '10 minutes' then
        raise exception 'No such API key of yours.' using errcode = 'QX003';
    end if;
    if v_key.public_key is not null then
        raise exception 'This key already holds the project key.' using errcode = 'QX006';
    end if;
    if not (v_key.scopes && array['secrets:read', 'sessions']::text[]) then
        raise exception 'Only keys with the secrets:read or sessions scope hold the project key.' using errcode = 'QX005';
    end if;
    if p_key_version is distinct from (select key_version from projects where id = v_key.project_id)
            or not exists (select 1 from project_key_wraps w where w.project_id = v_key.project_id
                           and w.user_id = v_user and w.key_version = p_key_version) then
        raise exception 'You hold no current key of this project: an Admin confirms your key first.'
            using errcode = 'QX002';
    end if;
    if not exists (select 1 from key_rosters r where r.scope = 'project' and r.owner_id = v_key.project_id
                   and r.epoch = p_anchor_epoch) then
        raise exception 'The key roster named for this key does not exist.' using errcode = 'QX005';
    end if;
    update project_api_keys
    set public_key = p_public_key, grant_signature = p_grant_signature, anchor_epoch = p_anchor_epoch,
        anchor_head = p_anchor_head, anchor_mac = p_anchor_mac
    where id = v_key.id;
    insert into api_key_wraps (key_id, project_id, key_version, ephemeral_public_key, wrapped_key, signature, wrapped_by)
    values (v_key.id, v_key.project_id, p_key_version, p_ephemeral_public_key, p_wrapped_key, p_wrap_signature, v_user);
end
$$;

-- The live keys of a project that hold its key, with their signed grants: an Admin's client rotating the project key
-- wraps the new version for those whose grant verifies against the signed roster.
create function api_key_grants(p_project_id bigint)
    returns table (key_ref text, public_key bytea, grant_signature bytea, created_by bigint, expires_at timestamptz)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform require_project_role(p_project_id, 'member');
    return query
        select substr(k.prefix, 7, 8), k.public_key, k.grant_signature, k.created_by, k.expires_at
        from project_api_keys k
        where k.project_id = p_project_id and k.revoked_at is null and k.expires_at > now()
          and k.public_key is not null and k.grant_signature is not null
        order by k.id;
end
$$;

-- A rotation's wrap of the new key version for a key: in the rotating transaction, by someone who holds that version.
create function add_api_key_wrap(p_project_id bigint, p_key_ref text, p_key_version integer,
                                 p_ephemeral_public_key bytea, p_wrapped_key bytea, p_signature bytea)
    returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user bigint := app_verified_user_id();
    v_key_id bigint;
begin
    perform require_project_role(p_project_id, 'member');
    -- only in the transaction that made the version (begin_key_rotation), by its maker: nobody adds a wrap for a key
    -- that the rotating client left out
    if not exists (select 1 from project_keys k where k.project_id = p_project_id and k.version = p_key_version
                   and k.created_by = v_user and k.created_at = now())
            or not exists (select 1 from project_key_wraps w where w.project_id = p_project_id and w.user_id = v_user
                           and w.key_version = p_key_version) then
        raise exception 'Keys are wrapped for API keys only while rotating the project key.' using errcode = 'QX002';
    end if;
    select k.id into v_key_id from project_api_keys k
    where k.project_id = p_project_id and substr(k.prefix, 7, 8) = p_key_ref and k.revoked_at is null
      and k.public_key is not null;
    if v_key_id is null then
        return; -- revoked meanwhile: nothing to wrap for
    end if;
    insert into api_key_wraps (key_id, project_id, key_version, ephemeral_public_key, wrapped_key, signature, wrapped_by)
    values (v_key_id, p_project_id, p_key_version, p_ephemeral_public_key, p_wrapped_key, p_signature, v_user)
    on conflict do nothing;
end
$$;

-- ---------------------------------------------------------------- what a key login may call

-- The key's project (now with its id, which the key's repositories filter on), name and scopes (any live key).
drop function ci_key();
create function ci_key()
    returns table (project_id bigint, project_slug text, project_name text, key_name text, scopes text[],
                   expires_at timestamptz)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session(null);
begin
    return query select p.id, p.slug, p.name, v_key.name, v_key.scopes, v_key.expires_at
                 from projects p where p.id = v_key.project_id;
end
$$;

-- The calling key if it is live and has one of the scopes.
create function api_key_session_any(p_scopes text[]) returns project_api_keys
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session(null);
begin
    if not (v_key.scopes && p_scopes) then
        raise exception 'This API key needs the % scope for this (it has %).', array_to_string(p_scopes, ' or '),
            array_to_string(v_key.scopes, ', ') using errcode = 'QX002';
    end if;
    return v_key;
end
$$;

-- What the key's client needs to trust its wrapped key: its public key, the anchor and the current key version.
create function ci_key_anchor()
    returns table (project_id bigint, public_key bytea, anchor_epoch integer, anchor_head bytea, anchor_mac bytea,
                   key_version integer)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['secrets:read', 'sessions']);
begin
    return query select v_key.project_id, v_key.public_key, v_key.anchor_epoch, v_key.anchor_head, v_key.anchor_mac,
                        p.key_version
                 from projects p where p.id = v_key.project_id;
end
$$;

-- The project's key rosters from an epoch on (at most 1000 at a time).
create function ci_key_rosters(p_from_epoch integer)
    returns table (epoch integer, body bytea, signature bytea, signer_id bigint)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['secrets:read', 'sessions']);
begin
    return query select r.epoch, r.body, r.signature, r.signer_id from key_rosters r
                 where r.scope = 'project' and r.owner_id = v_key.project_id and r.epoch >= p_from_epoch
                 order by r.epoch limit 1000;
end
$$;

-- The key's wrap of one version of the project key.
create function ci_key_wrap(p_version integer)
    returns table (ephemeral_public_key bytea, wrapped_key bytea, signature bytea, wrapped_by bigint)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['secrets:read', 'sessions']);
begin
    return query select w.ephemeral_public_key, w.wrapped_key, w.signature, w.wrapped_by from api_key_wraps w
                 where w.key_id = v_key.id and w.key_version = p_version;
end
$$;

-- The project's environments, as the desktop reads them (any scope but webhooks).
create function ci_environment_rows()
    returns table (id bigint, project_id bigint, name text, base_url text, api_base_url text, preset text, color text,
                   label text, production_like boolean, read_only boolean, max_requests_per_second integer,
                   allow_destructive_tests boolean, allow_security_testing boolean, sort_order integer,
                   version bigint, updated_at timestamptz)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['env:read', 'secrets:read', 'sessions']);
begin
    return query select e.id, e.project_id, e.name, e.base_url, e.api_base_url, e.preset, e.color, e.label,
                        e.production_like, e.read_only, e.max_requests_per_second, e.allow_destructive_tests,
                        e.allow_security_testing, e.sort_order, e.version::bigint, e.updated_at
                 from environments e where e.project_id = v_key.project_id;
end
$$;

-- The project's variables: a secret one's ciphertext only for secrets:read and sessions (a replay resolves them).
create function ci_variable_rows()
    returns table (id bigint, environment_id bigint, name text, is_secret boolean, value text, secret_value text)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['env:read', 'secrets:read', 'sessions']);
    v_secrets boolean := v_key.scopes && array['secrets:read', 'sessions']::text[];
begin
    return query select v.id, v.environment_id, v.name, v.is_secret, case when v.is_secret then null else v.value end,
                        case when v_secrets then v.secret_value end
                 from environment_variables v join environments e on e.id = v.environment_id
                 where e.project_id = v_key.project_id;
end
$$;

-- The project's auth profiles: the password's ciphertext for secrets:read and sessions, the static token's for
-- secrets:read only.
create function ci_profile_rows()
    returns table (id bigint, environment_id bigint, name text, email text, password_secret text,
                   static_token_secret text, api_login_config text, has_steps boolean)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['env:read', 'secrets:read', 'sessions']);
begin
    return query select a.id, a.environment_id, a.name, a.email,
                        case when v_key.scopes && array['secrets:read', 'sessions']::text[] then a.password_secret end,
                        case when 'secrets:read' = any (v_key.scopes) then a.static_token_secret end,
                        a.api_login_config::text, coalesce(a.ui_login_steps ~ '\S', false)
                 from auth_profiles a join environments e on e.id = a.environment_id
                 where e.project_id = v_key.project_id;
end
$$;

-- The UI-login part of the project's auth profiles: steps and the check; the stored session for sessions; its
-- bearer token for secrets:read and sessions.
create function ci_login_rows()
    returns table (id bigint, project_id bigint, environment_id bigint, name text, ui_login_steps text,
                   logged_in_check text,
                   session_secret text, session_bearer_secret text, session_captured_at timestamptz,
                   session_expires_at timestamptz)
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_key project_api_keys := api_key_session_any(array['secrets:read', 'sessions']);
    v_sessions boolean := 'sessions' = any (v_key.scopes);
begin
    return query select a.id, a.project_id, a.environment_id, a.name, a.ui_login_steps::text, a.logged_in_check,
                        case when v_sessions then a.session_secret end, a.session_bearer_secret,
                        a.session_captured_at, a.session_expires_at
                 from auth_profiles a join environments e on e.id = a.environment_id
                 where e.project_id = v_key.project_id;
end
$$;

-- Stores a session a key captured by replaying (sessions): ciphertext under the project key; the time is the server's.
create function ci_save_session(p_profile_id bigint, p_state text, p_bearer text, p_expires_at timestamptz)
    returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_key project_api_keys := api_key_session_any(array['sessions']);
begin
    if p_state is null or length(p_state) > 4000000 or length(coalesce(p_bearer, '')) > 100000 then
        raise exception 'The session sent is missing or too large.' using errcode = 'QX005';
    end if;
    if p_expires_at is not null and (p_expires_at = 'infinity' or p_expires_at > now() + interval '400 days') then
        raise exception 'A session expires within 400 days.' using errcode = 'QX005';
    end if;
    if not take_rate_limit('ci_save_session', v_key.id::text) then
        raise exception 'This API key stored many sessions in the last hour: wait a while.' using errcode = 'QX004';
    end if;
    update auth_profiles a
    set session_secret = p_state, session_bearer_secret = p_bearer, session_captured_at = now(),
        session_expires_at = p_expires_at
    from environments e
    where a.id = p_profile_id and e.id = a.environment_id and e.project_id = v_key.project_id;
    if not found then
        raise exception 'No such auth profile in the key''s project.' using errcode = 'QX003';
    end if;
end
$$;

revoke execute on all functions in schema qodex from public;
grant execute on function set_api_key_access(text, bytea, bytea, integer, bytea, bytea, integer, bytea, bytea, bytea),
    api_key_grants(bigint), add_api_key_wrap(bigint, text, integer, bytea, bytea, bytea)
    to ${user_role};
grant execute on function ci_key(), ci_key_anchor(), ci_key_rosters(integer), ci_key_wrap(integer), ci_environment_rows(),
    ci_variable_rows(), ci_profile_rows(), ci_login_rows(), ci_save_session(bigint, text, text, timestamptz)
    to qx_${install_id}_keys;
