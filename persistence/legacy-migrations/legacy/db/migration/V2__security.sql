-- PostgreSQL-side security (SECURITY.md layers 1 and 2).
-- Every client connects as its own LOGIN role (member of qodex_user); policies key on session_user.
-- Error codes raised here (class QX) are mapped to user-facing exceptions by the persistence module:
--   QX001 last admin   QX002 not allowed   QX003 not found   QX004 duplicate   QX005 invalid input
--   QX007 stale project key   QX008 budget exceeded
-- (A refused one-time code is returned as a sentence instead, so the attempt counter survives.)

revoke all on schema qodex from public;
revoke create on schema public from public;
grant usage on schema qodex to qodex_user, qodex_signup, qodex_mailer;
alter default privileges revoke execute on functions from public;

-- ---------------------------------------------------------------- helpers

create function base32(data bytea) returns text
    language plpgsql immutable strict
    set search_path = qodex, pg_temp
as $$
declare
    alphabet constant text := 'abcdefghijklmnopqrstuvwxyz234567';
    buffer bigint := 0;
    bit_count integer := 0;
    result text := '';
begin
    for i in 0 .. length(data) - 1 loop
        buffer := (buffer << 8) | get_byte(data, i);
        bit_count := bit_count + 8;
        while bit_count >= 5 loop
            result := result || substr(alphabet, ((buffer >> (bit_count - 5)) & 31)::integer + 1, 1);
            bit_count := bit_count - 5;
        end loop;
        buffer := buffer & ((1::bigint << bit_count) - 1);
    end loop;
    if bit_count > 0 then
        result := result || substr(alphabet, ((buffer << (5 - bit_count)) & 31)::integer + 1, 1);
    end if;
    return result;
end
$$;

insert into installation (install_id)
values (left(base32(sha256(convert_to(gen_random_uuid()::text, 'UTF8'))), 6));

create function installation_id() returns text
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select install_id from installation $$;

-- qx_ + installation id + first 24 base32 characters of SHA-256(lower(email)): no email in role names.
create function role_name_for(p_email text) returns text
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select 'qx_' || install_id || '_' || left(base32(sha256(convert_to(lower(btrim(p_email)), 'UTF8'))), 24)
    from installation
$$;

create function app_user_id() returns bigint
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select id from users where role_name = session_user $$;

create function app_verified_user_id() returns bigint
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select id from users where role_name = session_user and verified_at is not null $$;

-- The projects the signed-in user may act on with at least min_role ('viewer' < 'member' < 'admin').
-- Policies call it as (select app_project_ids(..)) so it runs once per statement (see STACK.md).
create function app_project_ids(min_role text) returns bigint[]
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    return coalesce((
        select array_agg(m.project_id)
        from project_members m
        join users u on u.id = m.user_id
        where u.role_name = session_user
          and u.verified_at is not null
          and case min_role
                  when 'viewer' then true
                  when 'member' then m.role in ('admin', 'member')
                  when 'admin' then m.role = 'admin'
                  else false
              end), '{}'::bigint[]);
end
$$;

create function app_co_member_ids() returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(array_agg(distinct other.user_id), '{}'::bigint[])
    from project_members other
    where other.project_id = any (app_project_ids('viewer'))
$$;

create function app_org_ids(min_role text) returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(array_agg(org_id), '{}'::bigint[])
    from users
    where role_name = session_user
      and verified_at is not null
      and (min_role = 'member' or org_role = 'admin')
$$;

-- The projects of the organizations the signed-in user administers (org-wide spend, caps).
create function app_org_admin_project_ids() returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(array_agg(p.id), '{}'::bigint[]) from projects p where p.org_id = any (app_org_ids('admin'))
$$;

create function new_code() returns text
    language sql volatile
    set search_path = qodex, pg_temp
as $$
    select lpad(((('x' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))::bit(48)::bigint) % 100000000)::text, 8, '0')
$$;

create function new_salt() returns bytea
    language sql volatile
    set search_path = qodex, pg_temp
as $$ select decode(replace(gen_random_uuid()::text, '-', ''), 'hex') $$;

create function hash_code(p_code text, p_salt bytea) returns bytea
    language sql immutable
    set search_path = qodex, pg_temp
as $$ select sha256(p_salt || convert_to(p_code, 'UTF8')) $$;

create function valid_email(p_email text) returns boolean
    language sql immutable
    set search_path = qodex, pg_temp
as $$
    select p_email is not null
       and length(p_email) between 3 and 254
       and p_email ~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$'
$$;

create function queue_mail(p_to text, p_subject text, p_body text, p_kind text) returns void
    language sql volatile
    set search_path = qodex, pg_temp
as $$
    insert into mail_outbox (to_email, subject, body, kind) values (p_to, p_subject, p_body, p_kind)
$$;

-- Issues a fresh code for (user, purpose), queues the mail and returns nothing: the code only leaves in the mail.
create function issue_code(p_user_id bigint, p_email text, p_purpose text, p_ttl interval) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_code text := new_code();
    v_salt bytea := new_salt();
begin
    insert into user_codes (user_id, purpose, code_hash, salt, expires_at, attempts, sent_at)
    values (p_user_id, p_purpose, hash_code(v_code, v_salt), v_salt, now() + p_ttl, 0, now())
    on conflict (user_id, purpose) do update
        set code_hash = excluded.code_hash, salt = excluded.salt, expires_at = excluded.expires_at,
            attempts = 0, sent_at = excluded.sent_at;
    if p_purpose = 'verify' then
        perform queue_mail(p_email, 'Verify your Qodex account',
            'Welcome to Qodex Operator.' || chr(10) || chr(10) ||
            'Verification code: ' || v_code || chr(10) || chr(10) ||
            'The code is valid for 24 hours and can be used once.', 'verify');
    else
        perform queue_mail(p_email, 'Reset your Qodex password',
            'Someone asked to reset the password of this Qodex account.' || chr(10) || chr(10) ||
            'Reset code: ' || v_code || chr(10) || chr(10) ||
            'The code is valid for 1 hour and can be used once. If this was not you, ignore this mail.', 'reset');
    end if;
end
$$;

-- Checks and consumes a code. Returns null when it is good, else the sentence saying what is wrong. It returns
-- rather than raises so that the attempt counter and the removal of an expired code are kept (a raise would roll
-- them back); the callers pass the sentence on and the client raises it.
create function consume_code(p_user_id bigint, p_purpose text, p_code text) returns text
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_row user_codes%rowtype;
begin
    select * into v_row from user_codes where user_id = p_user_id and purpose = p_purpose for update;
    if not found then
        return 'There is no pending code for this address; it may have been used already. Request a new one.';
    end if;
    if v_row.expires_at < now() then
        delete from user_codes where user_id = p_user_id and purpose = p_purpose;
        return 'This code has expired. Request a new one.';
    end if;
    if v_row.attempts >= 5 then
        delete from user_codes where user_id = p_user_id and purpose = p_purpose;
        return 'Too many wrong codes. Request a new one.';
    end if;
    if p_code is null or p_code !~ '^[0-9]{8}$' or hash_code(p_code, v_row.salt) <> v_row.code_hash then
        update user_codes set attempts = attempts + 1 where user_id = p_user_id and purpose = p_purpose;
        return 'This code is not valid.';
    end if;
    delete from user_codes where user_id = p_user_id and purpose = p_purpose;
    return null;
end
$$;

create function check_scram_verifier(p_verifier text) returns void
    language plpgsql immutable
    set search_path = qodex, pg_temp
as $$
begin
    if p_verifier is null or p_verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' then
        raise exception 'The password must reach the server as a SCRAM-SHA-256 verifier.' using errcode = 'QX005';
    end if;
end
$$;

create function check_key_material(p_public_key bytea, p_sealed bytea, p_kdf text) returns void
    language plpgsql immutable
    set search_path = qodex, pg_temp
as $$
begin
    if p_public_key is null or length(p_public_key) <> 32 or p_sealed is null or length(p_sealed) < 28
       or p_kdf is null or p_kdf !~ '^argon2id;' then
        raise exception 'The key material sent with this request is malformed.' using errcode = 'QX005';
    end if;
end
$$;

-- ---------------------------------------------------------------- accounts (qodex_signup)

create function sign_up(p_email text, p_scram_verifier text, p_public_key bytea, p_sealed_private_key bytea,
                        p_kdf_params text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_email text := lower(btrim(p_email));
    v_role text;
    v_user_id bigint;
begin
    if not valid_email(v_email) then
        raise exception '"%" is not a valid email address.', left(coalesce(p_email, ''), 100) using errcode = 'QX005';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    perform check_key_material(p_public_key, p_sealed_private_key, p_kdf_params);
    perform pg_advisory_xact_lock(hashtext('qodex.sign_up:' || v_email));
    if exists (select 1 from users where email = v_email) then
        raise exception 'An account with the email % already exists. Sign in or reset the password.', v_email
            using errcode = 'QX004';
    end if;
    v_role := role_name_for(v_email);
    execute format('create role %I login password %L in role qodex_user', v_role, p_scram_verifier);
    execute format('grant connect on database %I to %I', current_database(), v_role);
    insert into users (email, role_name, org_id)
    values (v_email, v_role, (select min(id) from organizations))
    returning id into v_user_id;
    insert into user_keys (user_id, public_key, sealed_private_key, kdf_params)
    values (v_user_id, p_public_key, p_sealed_private_key, p_kdf_params);
    perform issue_code(v_user_id, v_email, 'verify', interval '24 hours');
    return v_role;
end
$$;

create function resend_verification(p_email text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_sent timestamptz;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or v_user.verified_at is not null then
        return; -- say nothing about which addresses exist
    end if;
    select sent_at into v_sent from user_codes where user_id = v_user.id and purpose = 'verify';
    if v_sent is not null and v_sent > now() - interval '60 seconds' then
        raise exception 'A code was sent less than a minute ago. Wait % seconds before asking again.',
            ceil(60 - extract(epoch from now() - v_sent))::integer using errcode = 'QX005';
    end if;
    perform issue_code(v_user.id, v_user.email, 'verify', interval '24 hours');
end
$$;

-- Returns null on success, else why the code was refused (see consume_code).
create function verify_email(p_email text, p_code text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_refusal text;
begin
    select * into v_user from users where email = lower(btrim(p_email)) for update;
    if not found then
        return 'There is no pending code for this address; it may have been used already. Request a new one.';
    end if;
    if v_user.verified_at is not null then
        return 'The address ' || v_user.email || ' is already verified. Sign in.';
    end if;
    v_refusal := consume_code(v_user.id, 'verify', btrim(p_code));
    if v_refusal is not null then
        return v_refusal;
    end if;
    update users set verified_at = now() where id = v_user.id;
    -- The first verified account of an organization administers it.
    if not exists (select 1 from users where org_id = v_user.org_id and org_role = 'admin' and verified_at is not null) then
        update users set org_role = 'admin' where id = v_user.id;
    end if;
    -- Invitations become memberships; Admins and Members wait for the project key until an Admin's client wraps it.
    insert into project_members (project_id, user_id, role, added_by)
    select i.project_id, v_user.id, i.role, i.invited_by
    from project_invitations i
    where i.email = v_user.email
    on conflict do nothing;
    delete from project_invitations where email = v_user.email;
    return null;
end
$$;

create function request_password_reset(p_email text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_sent timestamptz;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found then
        return; -- say nothing about which addresses exist
    end if;
    select sent_at into v_sent from user_codes where user_id = v_user.id and purpose = 'reset';
    if v_sent is not null and v_sent > now() - interval '60 seconds' then
        return;
    end if;
    perform issue_code(v_user.id, v_user.email, 'reset', interval '1 hour');
end
$$;

-- A reset replaces the key pair (the old private key cannot be recovered without the old password):
-- the user's key wraps are dropped and their memberships wait for the key again.
-- Returns null on success, else why the code was refused (see consume_code).
create function reset_password(p_email text, p_code text, p_scram_verifier text, p_public_key bytea,
                               p_sealed_private_key bytea, p_kdf_params text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_refusal text;
begin
    perform check_scram_verifier(p_scram_verifier);
    perform check_key_material(p_public_key, p_sealed_private_key, p_kdf_params);
    select * into v_user from users where email = lower(btrim(p_email)) for update;
    if not found then
        return 'There is no pending code for this address; it may have been used already. Request a new one.';
    end if;
    v_refusal := consume_code(v_user.id, 'reset', btrim(p_code));
    if v_refusal is not null then
        return v_refusal;
    end if;
    execute format('alter role %I password %L', v_user.role_name, p_scram_verifier);
    update user_keys
    set public_key = p_public_key, sealed_private_key = p_sealed_private_key, kdf_params = p_kdf_params,
        generation = generation + 1, created_at = now()
    where user_id = v_user.id;
    delete from project_key_wraps where user_id = v_user.id;
    delete from org_key_wraps where user_id = v_user.id;
    -- A reset also proves the address: an unverified account becomes verified.
    if v_user.verified_at is null then
        update users set verified_at = now() where id = v_user.id;
    end if;
    return null;
end
$$;

-- ---------------------------------------------------------------- accounts (signed-in users)

create function my_account()
    returns table (user_id bigint, email text, role_name text, org_id bigint, org_role text, verified boolean)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select id, email, role_name, org_id, org_role, verified_at is not null from users where role_name = session_user
$$;

create function my_sealed_key()
    returns table (public_key bytea, sealed_private_key bytea, kdf_params text, generation integer)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select k.public_key, k.sealed_private_key, k.kdf_params, k.generation
    from user_keys k join users u on u.id = k.user_id
    where u.role_name = session_user
$$;

create function change_password(p_scram_verifier text, p_sealed_private_key bytea, p_kdf_params text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user_id bigint := app_user_id();
begin
    if v_user_id is null then
        raise exception 'Only a Qodex account can change its password.' using errcode = 'QX002';
    end if;
    perform check_scram_verifier(p_scram_verifier);
    if p_sealed_private_key is null or length(p_sealed_private_key) < 28 or p_kdf_params !~ '^argon2id;' then
        raise exception 'The key material sent with this request is malformed.' using errcode = 'QX005';
    end if;
    execute format('alter role %I password %L', session_user, p_scram_verifier);
    update user_keys set sealed_private_key = p_sealed_private_key, kdf_params = p_kdf_params where user_id = v_user_id;
end
$$;

-- ---------------------------------------------------------------- projects and members

-- Creates the project with the caller as its Admin and key version 1. The caller's client wraps the new project key
-- for itself in the same transaction (the wrap binds the project id, which only exists from here on).
create function create_project(p_name text, p_slug text) returns bigint
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_project_id bigint;
begin
    select * into v_user from users where role_name = session_user;
    if not found or v_user.verified_at is null then
        raise exception 'Verify your email address before creating a project.' using errcode = 'QX002';
    end if;
    if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{1,62}$' then
        raise exception 'The slug "%" is not valid: use 2-63 lowercase letters, digits and hyphens, starting with a letter or digit.',
            left(coalesce(p_slug, ''), 70) using errcode = 'QX005';
    end if;
    if p_name is null or length(btrim(p_name)) not between 1 and 100 then
        raise exception 'A project name needs 1 to 100 characters.' using errcode = 'QX005';
    end if;
    if exists (select 1 from projects where slug = p_slug) then
        raise exception 'The slug "%" is already taken.', p_slug using errcode = 'QX004';
    end if;
    insert into projects (org_id, slug, name, created_by)
    values (v_user.org_id, p_slug, btrim(p_name), v_user.id)
    returning id into v_project_id;
    insert into project_members (project_id, user_id, role, added_by) values (v_project_id, v_user.id, 'admin', v_user.id);
    insert into project_keys (project_id, version, created_by) values (v_project_id, 1, v_user.id);
    return v_project_id;
exception
    when unique_violation then
        raise exception 'The slug "%" is already taken.', p_slug using errcode = 'QX004';
end
$$;

create function require_project_role(p_project_id bigint, p_min_role text) returns void
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
begin
    if p_project_id is null or not (p_project_id = any (app_project_ids(p_min_role))) then
        if p_project_id = any (app_project_ids('viewer')) then
            raise exception 'This needs the % role in the project.', initcap(p_min_role) using errcode = 'QX002';
        end if;
        raise exception 'No such project, or you are not a member of it.' using errcode = 'QX003';
    end if;
end
$$;

-- Adds an existing verified user at once, or invites the address (turned into a membership when it is verified).
create function add_member(p_project_id bigint, p_email text, p_role text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_email text := lower(btrim(p_email));
    v_target users%rowtype;
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
    select * into v_target from users where email = v_email;
    if found and v_target.verified_at is not null then
        if exists (select 1 from project_members where project_id = p_project_id and user_id = v_target.id) then
            raise exception '% is already a member of this project.', v_email using errcode = 'QX004';
        end if;
        insert into project_members (project_id, user_id, role, added_by)
        values (p_project_id, v_target.id, p_role, app_user_id());
        perform queue_mail(v_email, 'You were added to ' || v_project.name || ' on Qodex',
            'You now have the ' || initcap(p_role) || ' role in the project ' || v_project.name || ' (' || v_project.slug || ').',
            'member-added');
        return 'added';
    end if;
    insert into project_invitations (project_id, email, role, invited_by)
    values (p_project_id, v_email, p_role, app_user_id())
    on conflict (project_id, email) do update set role = excluded.role, invited_by = excluded.invited_by, invited_at = now();
    perform queue_mail(v_email, 'You are invited to ' || v_project.name || ' on Qodex',
        'You were invited to the project ' || v_project.name || ' (' || v_project.slug || ') as ' || initcap(p_role) || '.' ||
        chr(10) || 'Sign up in Qodex Operator with this address to join.', 'invite');
    return 'invited';
end
$$;

-- Members and invitations of a project with their key state, for anyone who can see the project.
create function project_member_list(p_project_id bigint)
    returns table (user_id bigint, email text, role text, added_at timestamptz, invited boolean, waiting_for_key boolean)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform require_project_role(p_project_id, 'viewer');
    return query
        select m.user_id, u.email, m.role, m.added_at, false,
               m.role in ('admin', 'member') and not exists (
                   select 1 from project_key_wraps w
                   where w.project_id = m.project_id and w.user_id = m.user_id and w.key_version = p.key_version)
        from project_members m
        join users u on u.id = m.user_id
        join projects p on p.id = m.project_id
        where m.project_id = p_project_id
        union all
        select null::bigint, i.email, i.role, i.invited_at, true, i.role in ('admin', 'member')
        from project_invitations i
        where i.project_id = p_project_id
        order by 2;
end
$$;

-- Members (Admin or Member role) whose wrap of the current project key is missing and who have a key pair:
-- the caller (an Admin) can complete them. Covers every project the caller administers.
create function pending_key_shares()
    returns table (project_id bigint, key_version integer, user_id bigint, public_key bytea)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select p.id, p.key_version, m.user_id, k.public_key
    from projects p
    join project_members m on m.project_id = p.id and m.role in ('admin', 'member')
    join user_keys k on k.user_id = m.user_id
    join users u on u.id = m.user_id and u.verified_at is not null
    where p.id = any (app_project_ids('admin'))
      and not exists (select 1 from project_key_wraps w
                      where w.project_id = p.id and w.user_id = m.user_id and w.key_version = p.key_version)
$$;

-- Everyone who should hold the project key after a rotation (Admins and Members with a key pair).
create function project_key_recipients(p_project_id bigint)
    returns table (user_id bigint, public_key bytea)
    language plpgsql stable security definer
    set search_path = qodex, pg_temp
as $$
begin
    perform require_project_role(p_project_id, 'admin');
    return query
        select m.user_id, k.public_key
        from project_members m
        join user_keys k on k.user_id = m.user_id
        join users u on u.id = m.user_id and u.verified_at is not null
        where m.project_id = p_project_id and m.role in ('admin', 'member');
end
$$;

-- Starts a new project key version. The caller's client wraps it and re-encrypts every secret in the same transaction.
create function begin_key_rotation(p_project_id bigint, p_expected_version integer) returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_current integer;
begin
    perform require_project_role(p_project_id, 'admin');
    select key_version into v_current from projects where id = p_project_id for update;
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

-- Org key ring (the platform-funded LLM key).
create function create_org_key(p_ephemeral_public_key bytea, p_wrapped_key bytea) returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
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
    insert into org_key_wraps (org_id, user_id, key_version, ephemeral_public_key, wrapped_key, wrapped_by)
    values (v_user.org_id, v_user.id, 1, p_ephemeral_public_key, p_wrapped_key, v_user.id);
    update organizations set key_version = 1 where id = v_user.org_id;
    return 1;
end
$$;

create function pending_org_key_shares()
    returns table (org_id bigint, key_version integer, user_id bigint, public_key bytea)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select o.id, o.key_version, u.id, k.public_key
    from organizations o
    join users u on u.org_id = o.id and u.verified_at is not null
    join user_keys k on k.user_id = u.id
    where o.id = any (app_org_ids('admin'))
      and o.key_version > 0
      and not exists (select 1 from org_key_wraps w where w.org_id = o.id and w.user_id = u.id and w.key_version = o.key_version)
$$;

-- ---------------------------------------------------------------- integrity triggers

-- A project can never lose its last Admin (checked at the end of each statement or transaction).
create function ensure_project_keeps_admin() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
begin
    if exists (select 1 from projects where id = old.project_id)
       and not exists (select 1 from project_members where project_id = old.project_id and role = 'admin') then
        raise exception 'A project must keep at least one Admin: make someone else Admin first.' using errcode = 'QX001';
    end if;
    return null;
end
$$;

create constraint trigger project_keeps_admin
    after update or delete on project_members
    deferrable initially immediate
    for each row execute function ensure_project_keeps_admin();

create function forbid_member_move() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    if new.project_id <> old.project_id or new.user_id <> old.user_id then
        raise exception 'A membership cannot be moved; remove it and add a new one.' using errcode = 'QX002';
    end if;
    return new;
end
$$;

create trigger project_members_no_move before update on project_members
    for each row execute function forbid_member_move();

-- Whoever loses access to the project key (removed, left, demoted to Viewer) makes a rotation due;
-- the remover's client rotates in the same transaction, otherwise the next Admin client that comes online does.
create function mark_rotation_needed() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
begin
    if old.role in ('admin', 'member') and (tg_op = 'DELETE' or new.role = 'viewer') then
        delete from project_key_wraps where project_id = old.project_id and user_id = old.user_id;
        update projects set rotation_needed = true where id = old.project_id;
    end if;
    return null;
end
$$;

create trigger project_members_rotation after update or delete on project_members
    for each row execute function mark_rotation_needed();

-- Every stored secret must be ciphertext under the project's current key (format v1.<version>.<base64>).
create function enforce_secret_format() returns trigger
    language plpgsql security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_column text;
    v_new text;
    v_old text;
    v_current integer;
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
                select key_version into v_current from projects where id = new.project_id for share;
            end if;
            if split_part(v_new, '.', 2)::integer <> v_current then
                raise exception 'The key was rotated while you were editing; reload and try again.' using errcode = 'QX007';
            end if;
        end if;
    end loop;
    return new;
end
$$;

create trigger environment_variables_secret before insert or update on environment_variables
    for each row execute function enforce_secret_format('secret_value');
create trigger auth_profiles_secret before insert or update on auth_profiles
    for each row execute function enforce_secret_format('password_secret', 'static_token_secret', 'session_secret');
create trigger byok_credentials_secret before insert or update on byok_credentials
    for each row execute function enforce_secret_format('key_secret');
create trigger org_platform_keys_secret before insert or update on org_platform_keys
    for each row execute function enforce_secret_format('key_secret');

-- Live refresh: ids only, clients re-query through RLS (SECURITY.md layer 2).
create function notify_change() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
declare
    v_row jsonb := to_jsonb(coalesce(new, old));
begin
    perform pg_notify('qodex_changes', json_build_object(
        't', tg_table_name,
        'p', coalesce(v_row ->> 'project_id', case when tg_table_name = 'projects' then v_row ->> 'id' end),
        'id', coalesce(v_row ->> 'id', v_row ->> 'user_id', v_row ->> 'project_id'),
        'op', lower(tg_op))::text);
    return null;
end
$$;

do $$
declare
    v_table text;
begin
    foreach v_table in array array['projects', 'project_members', 'project_invitations', 'project_key_wraps',
        'project_api_keys', 'environments', 'environment_variables', 'auth_profiles', 'active_environments',
        'byok_credentials', 'project_memory', 'project_caps', 'chats', 'scenarios'] loop
        execute format('create trigger %I after insert or update or delete on %I for each row execute function notify_change()',
            v_table || '_notify', v_table);
    end loop;
end
$$;

-- ---------------------------------------------------------------- row-level security

do $$
declare
    v_table text;
begin
    -- Ordinary project content: Viewers read, Members and Admins write.
    foreach v_table in array array['environments', 'environment_variables', 'auth_profiles', 'chats', 'chat_messages',
        'scenarios', 'scripts', 'findings', 'test_runs', 'collections', 'collection_items', 'project_memory'] loop
        execute format('alter table %I enable row level security', v_table);
        execute format($p$create policy %I on %I for select using (project_id = any ((select app_project_ids('viewer'))::bigint[]))$p$,
            v_table || '_read', v_table);
        execute format($p$create policy %I on %I for insert with check (project_id = any ((select app_project_ids('member'))::bigint[]))$p$,
            v_table || '_insert', v_table);
        execute format($p$create policy %I on %I for update using (project_id = any ((select app_project_ids('member'))::bigint[]))
                          with check (project_id = any ((select app_project_ids('member'))::bigint[]))$p$,
            v_table || '_update', v_table);
        execute format($p$create policy %I on %I for delete using (project_id = any ((select app_project_ids('member'))::bigint[]))$p$,
            v_table || '_delete', v_table);
        execute format('grant select, insert, update, delete on %I to qodex_user', v_table);
    end loop;
end
$$;

alter table projects enable row level security;
create policy projects_read on projects for select
    using (id = any ((select app_project_ids('viewer'))::bigint[]) or org_id = any ((select app_org_ids('admin'))::bigint[]));
create policy projects_update on projects for update using (id = any ((select app_project_ids('admin'))::bigint[]))
    with check (id = any ((select app_project_ids('admin'))::bigint[]));
grant select on projects to qodex_user;
grant update (name, archived_at, version) on projects to qodex_user;

alter table project_members enable row level security;
create policy project_members_read on project_members for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
create policy project_members_update on project_members for update
    using (project_id = any ((select app_project_ids('admin'))::bigint[]))
    with check (project_id = any ((select app_project_ids('admin'))::bigint[]));
create policy project_members_delete on project_members for delete
    using (project_id = any ((select app_project_ids('admin'))::bigint[]) or user_id = (select app_verified_user_id()));
grant select, delete on project_members to qodex_user;
grant update (role) on project_members to qodex_user;

alter table project_invitations enable row level security;
create policy project_invitations_read on project_invitations for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
create policy project_invitations_delete on project_invitations for delete
    using (project_id = any ((select app_project_ids('admin'))::bigint[]));
grant select, delete on project_invitations to qodex_user;

alter table project_keys enable row level security;
create policy project_keys_read on project_keys for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
grant select on project_keys to qodex_user;

-- A user reads only their own wraps; Admins add wraps for Admins and Members of their projects.
alter table project_key_wraps enable row level security;
create policy project_key_wraps_read on project_key_wraps for select
    using (user_id = (select app_verified_user_id()) and project_id = any ((select app_project_ids('member'))::bigint[]));
create policy project_key_wraps_insert on project_key_wraps for insert
    with check (project_id = any ((select app_project_ids('admin'))::bigint[])
                and wrapped_by = (select app_user_id())
                and exists (select 1 from project_members m
                            where m.project_id = project_key_wraps.project_id
                              and m.user_id = project_key_wraps.user_id
                              and m.role in ('admin', 'member')));
grant select, insert on project_key_wraps to qodex_user;

-- CI keys: Members manage their own, Admins all of the project's.
alter table project_api_keys enable row level security;
create policy project_api_keys_read on project_api_keys for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
create policy project_api_keys_insert on project_api_keys for insert
    with check (project_id = any ((select app_project_ids('member'))::bigint[]) and created_by = (select app_user_id()));
create policy project_api_keys_update on project_api_keys for update
    using (project_id = any ((select app_project_ids('admin'))::bigint[])
           or (project_id = any ((select app_project_ids('member'))::bigint[]) and created_by = (select app_user_id())))
    with check (project_id = any ((select app_project_ids('member'))::bigint[]));
grant select, insert on project_api_keys to qodex_user;
grant update (name, expires_at, revoked_at) on project_api_keys to qodex_user;

-- The active environment is per user and project.
alter table active_environments enable row level security;
create policy active_environments_own on active_environments for all
    using (user_id = (select app_user_id()) and project_id = any ((select app_project_ids('viewer'))::bigint[]))
    with check (user_id = (select app_user_id()) and project_id = any ((select app_project_ids('viewer'))::bigint[]));
grant select, insert, update, delete on active_environments to qodex_user;

-- BYOK: everyone in the project sees that a key is set (provider, last four); only Admins change it.
alter table byok_credentials enable row level security;
create policy byok_credentials_read on byok_credentials for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
create policy byok_credentials_insert on byok_credentials for insert
    with check (project_id = any ((select app_project_ids('admin'))::bigint[]));
create policy byok_credentials_update on byok_credentials for update
    using (project_id = any ((select app_project_ids('admin'))::bigint[]))
    with check (project_id = any ((select app_project_ids('admin'))::bigint[]));
create policy byok_credentials_delete on byok_credentials for delete
    using (project_id = any ((select app_project_ids('admin'))::bigint[]));
grant select, insert, update, delete on byok_credentials to qodex_user;

-- Users see themselves and the people they share a project with; public keys likewise (plus their org for org wraps).
alter table users enable row level security;
create policy users_read on users for select
    using (id = (select app_user_id()) or id = any ((select app_co_member_ids())::bigint[])
           or org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select (id, email, org_id, org_role, verified_at, created_at) on users to qodex_user;

alter table user_keys enable row level security;
create policy user_keys_read on user_keys for select
    using (user_id = (select app_user_id()) or user_id = any ((select app_co_member_ids())::bigint[]));
grant select (user_id, public_key, generation, created_at) on user_keys to qodex_user;

alter table organizations enable row level security;
create policy organizations_read on organizations for select using (id = any ((select app_org_ids('member'))::bigint[]));
grant select on organizations to qodex_user;

alter table org_keys enable row level security;
create policy org_keys_read on org_keys for select using (org_id = any ((select app_org_ids('member'))::bigint[]));
grant select on org_keys to qodex_user;

alter table org_key_wraps enable row level security;
create policy org_key_wraps_read on org_key_wraps for select
    using (user_id = (select app_verified_user_id()) and org_id = any ((select app_org_ids('member'))::bigint[]));
create policy org_key_wraps_insert on org_key_wraps for insert
    with check (org_id = any ((select app_org_ids('admin'))::bigint[]) and wrapped_by = (select app_user_id())
                and exists (select 1 from users u where u.id = org_key_wraps.user_id and u.org_id = org_key_wraps.org_id));
grant select, insert on org_key_wraps to qodex_user;

alter table org_platform_keys enable row level security;
create policy org_platform_keys_read on org_platform_keys for select
    using (org_id = any ((select app_org_ids('member'))::bigint[]));
create policy org_platform_keys_write on org_platform_keys for all
    using (org_id = any ((select app_org_ids('admin'))::bigint[]))
    with check (org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select, insert, update, delete on org_platform_keys to qodex_user;

-- Prices: everyone reads; organization admins edit.
alter table llm_prices enable row level security;
create policy llm_prices_read on llm_prices for select using ((select app_verified_user_id()) is not null);
create policy llm_prices_write on llm_prices for all
    using (cardinality((select app_org_ids('admin'))::bigint[]) > 0)
    with check (cardinality((select app_org_ids('admin'))::bigint[]) > 0);
grant select, insert, update, delete on llm_prices to qodex_user;

-- Usage: a user writes their own rows for projects they can use; members read their project's, org admins all.
alter table llm_usage_log enable row level security;
create policy llm_usage_log_read on llm_usage_log for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[])
           or org_id = any ((select app_org_ids('admin'))::bigint[]));
create policy llm_usage_log_insert on llm_usage_log for insert
    with check (user_id = (select app_user_id()) and project_id = any ((select app_project_ids('member'))::bigint[]));
grant select, insert on llm_usage_log to qodex_user;

alter table llm_usage_daily enable row level security;
create policy llm_usage_daily_read on llm_usage_daily for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[])
           or org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on llm_usage_daily to qodex_user;

alter table llm_usage_hourly enable row level security;
create policy llm_usage_hourly_read on llm_usage_hourly for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[])
           or org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on llm_usage_hourly to qodex_user;

alter table project_caps enable row level security;
create policy project_caps_read on project_caps for select
    using (project_id = any ((select app_project_ids('viewer'))::bigint[]));
create policy project_caps_write on project_caps for all
    using (project_id = any ((select app_org_admin_project_ids())::bigint[]))
    with check (project_id = any ((select app_org_admin_project_ids())::bigint[]));
grant select, insert, update, delete on project_caps to qodex_user;

-- Reservations are only touched through the cap functions (issue: LLM gateway).
alter table llm_reservations enable row level security;

-- No client role reads codes; the relay alone reads the outbox.
alter table user_codes enable row level security;
alter table mail_outbox enable row level security;
create policy mail_outbox_relay on mail_outbox for all to qodex_mailer using (true) with check (true);
grant select, update on mail_outbox to qodex_mailer;

alter table installation enable row level security;
create policy installation_read on installation for select using (true);
grant select on installation to qodex_user, qodex_signup;

-- ---------------------------------------------------------------- function grants

revoke execute on all functions in schema qodex from public;

grant execute on function installation_id() to qodex_signup, qodex_user;
grant execute on function role_name_for(text) to qodex_signup, qodex_user;
grant execute on function sign_up(text, text, bytea, bytea, text) to qodex_signup;
grant execute on function resend_verification(text) to qodex_signup;
grant execute on function verify_email(text, text) to qodex_signup;
grant execute on function request_password_reset(text) to qodex_signup;
grant execute on function reset_password(text, text, text, bytea, bytea, text) to qodex_signup;

grant execute on function app_user_id() to qodex_user;
grant execute on function app_verified_user_id() to qodex_user;
grant execute on function app_project_ids(text) to qodex_user;
grant execute on function app_co_member_ids() to qodex_user;
grant execute on function app_org_ids(text) to qodex_user;
grant execute on function app_org_admin_project_ids() to qodex_user;
grant execute on function my_account() to qodex_user;
grant execute on function my_sealed_key() to qodex_user;
grant execute on function change_password(text, bytea, text) to qodex_user;
grant execute on function create_project(text, text) to qodex_user;
grant execute on function add_member(bigint, text, text) to qodex_user;
grant execute on function project_member_list(bigint) to qodex_user;
grant execute on function pending_key_shares() to qodex_user;
grant execute on function project_key_recipients(bigint) to qodex_user;
grant execute on function begin_key_rotation(bigint, integer) to qodex_user;
grant execute on function create_org_key(bytea, bytea) to qodex_user;
grant execute on function pending_org_key_shares() to qodex_user;
