-- Real organizations (docs/decisions/0030-organizations.md). A person may belong to several organizations, each with
-- the role admin or member (org_members, replacing users.org_id and users.org_role); anyone verified may create one and
-- administers it; others join by invitation, accepted signed in with the invited (verified) address, as for projects
-- (decision 0018). An organization never loses its last admin, also under concurrent changes. Sign-up joins no
-- organization: on an installation where no organization has members yet, the first verified account administers the
-- seeded one (or the address db init --admin named does), so a fresh embedded database still needs no setup.
-- Prices are per organization now (installation defaults with no organization stay readable to all).

-- ---------------------------------------------------------------- organizations and their members

alter table organizations add column slug text;
alter table organizations add column created_by bigint references users (id);
-- Bumped by every change that could take an admin away: concurrent changes of one organization's admins serialise on
-- this row (a REPEATABLE READ transaction fails instead of acting on what it saw before).
alter table organizations add column admin_changes bigint not null default 0;
update organizations set slug = case when id = (select min(id) from organizations) then 'default' else 'org-' || id end;
alter table organizations alter column slug set not null;
alter table organizations add constraint organizations_slug_key unique (slug);
alter table organizations add constraint organizations_slug_check check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$');

create table org_members (
    org_id   bigint not null references organizations (id),
    user_id  bigint not null references users (id) on delete cascade,
    role     text not null check (role in ('admin', 'member')),
    added_by bigint references users (id),
    added_at timestamptz not null default now(),
    primary key (org_id, user_id)
);
create index org_members_user_idx on org_members (user_id);

-- Existing installations keep their people where they were: every account in the organization it had, with its role.
insert into org_members (org_id, user_id, role, added_at) select org_id, id, org_role, created_at from users;

create table org_invitations (
    org_id     bigint not null references organizations (id),
    email      text not null check (email = lower(email) and length(email) between 3 and 254),
    role       text not null check (role in ('admin', 'member')),
    invited_by bigint references users (id),
    invited_at timestamptz not null default now(),
    primary key (org_id, email)
);
create index org_invitations_email_idx on org_invitations (email);
alter table org_invitations enable row level security; -- no policy: read and written through the functions below

insert into rate_limit_settings (name, max_count, per) values
    ('create_org', 5, interval '1 hour'),    -- organizations one person creates
    ('invite_org', 100, interval '1 hour')   -- invitations one organization sends
on conflict (name) do nothing;

-- ---------------------------------------------------------------- who is in which organization

create or replace function app_org_ids(min_role text) returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(array_agg(m.org_id), '{}'::bigint[])
    from org_members m
    join users u on u.id = m.user_id
    where u.role_name = session_user
      and u.verified_at is not null
      and (min_role = 'member' or m.role = 'admin')
$$;

-- The people in the organizations the signed-in user administers (their addresses and public keys, to confirm them).
create or replace function app_org_member_ids() returns bigint[]
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select coalesce(array_agg(distinct user_id), '{}'::bigint[]) from org_members where org_id = any (app_org_ids('admin'))
$$;

-- The policies that read users.org_id now read org_members; then the columns go.
alter policy users_read on users
    using (id = (select app_user_id()) or id = any ((select app_co_member_ids())::bigint[])
           or id = any ((select app_org_member_ids())::bigint[]));
alter policy org_key_wraps_insert on org_key_wraps
    with check (org_id = any ((select app_org_ids('admin'))::bigint[]) and wrapped_by = (select app_user_id())
                and exists (select 1 from org_members m where m.user_id = org_key_wraps.user_id
                            and m.org_id = org_key_wraps.org_id));
alter table users drop column org_id;
alter table users drop column org_role;

alter table org_members enable row level security;
-- Everyone sees their own memberships; admins see every membership of the organizations they administer.
create policy org_members_read on org_members for select
    using (user_id = (select app_user_id()) or org_id = any ((select app_org_ids('admin'))::bigint[]));
grant select on org_members to ${user_role};

-- An organization keeps at least one admin, whoever writes the row (a function, the owner, a DBA). Every change that
-- takes an admin away first updates the organization's row: a concurrent change of the same organization waits for it
-- and then counts what was committed (READ COMMITTED), or fails (REPEATABLE READ, SERIALIZABLE), so two admins demoting
-- each other at once leave one.
create function org_keeps_an_admin() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    if old.role = 'admin' and (tg_op = 'DELETE' or new.role <> 'admin' or new.org_id <> old.org_id) then
        update organizations set admin_changes = admin_changes + 1 where id = old.org_id;
        if found and not exists (select 1 from org_members where org_id = old.org_id and role = 'admin') then
            raise exception 'An organization keeps at least one admin: make someone else admin first.'
                using errcode = 'QX001';
        end if;
    end if;
    return null;
end
$$;
create trigger org_members_keep_an_admin after update or delete on org_members
    for each row execute function org_keeps_an_admin();

-- The signed-in user's organizations (verified accounts only).
create function my_organizations()
    returns table (org_id bigint, slug text, name text, role text, key_version integer)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select o.id, o.slug, o.name, m.role, o.key_version
    from org_members m
    join users u on u.id = m.user_id and u.role_name = session_user and u.verified_at is not null
    join organizations o on o.id = m.org_id
    order by o.id
$$;

drop function my_account();
create function my_account()
    returns table (user_id bigint, email text, role_name text, verified boolean)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$ select id, email, role_name, verified_at is not null from users where role_name = session_user $$;

create function require_org_admin(p_org_id bigint) returns bigint
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
begin
    if p_org_id is null or not (p_org_id = any (app_org_ids('admin'))) then
        raise exception 'Only an admin of this organization can do that.' using errcode = 'QX002';
    end if;
    return app_user_id();
end
$$;

-- A new organization: the caller (verified) is its first admin. Its key and first roster follow from the caller's
-- client (create_org_key), as for the seeded organization.
create function create_organization(p_name text, p_slug text) returns bigint
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user_id bigint := app_verified_user_id();
    v_id bigint;
begin
    if v_user_id is null then
        raise exception 'Verify your email address before creating an organization.' using errcode = 'QX002';
    end if;
    if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{1,62}$' then
        raise exception 'The slug "%" is not valid: use 2-63 lowercase letters, digits and hyphens, starting with a letter or digit.',
            left(coalesce(p_slug, ''), 70) using errcode = 'QX005';
    end if;
    if p_name is null or length(btrim(p_name)) not between 1 and 100 or not printable_name(btrim(p_name), 100) then
        raise exception 'An organization name needs 1 to 100 printable characters.' using errcode = 'QX005';
    end if;
    if exists (select 1 from organizations where slug = p_slug) then
        raise exception 'The organization slug "%" is already taken.', p_slug using errcode = 'QX004';
    end if;
    if not take_rate_limit('create_org', v_user_id::text) then
        raise exception 'You created too many organizations in the last hour; try again later.' using errcode = 'QX009';
    end if;
    insert into organizations (name, slug, created_by) values (btrim(p_name), p_slug, v_user_id) returning id into v_id;
    insert into org_members (org_id, user_id, role, added_by) values (v_id, v_user_id, 'admin', v_user_id);
    return v_id;
exception
    when unique_violation then
        raise exception 'The organization slug "%" is already taken.', p_slug using errcode = 'QX004';
end
$$;

-- An admin invites an address (the answer is the same whether it has an account); the person accepts signed in with
-- that verified address, or by verifying it at sign-up. Nobody is pulled into an organization without accepting.
create function org_invite(p_org_id bigint, p_email text, p_role text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
    v_org organizations%rowtype;
    v_me bigint := require_org_admin(p_org_id);
begin
    if not valid_email(v_email) then
        raise exception '"%" is not a valid email address.', left(coalesce(p_email, ''), 100) using errcode = 'QX005';
    end if;
    if p_role is null or p_role not in ('admin', 'member') then
        raise exception 'The role must be admin or member.' using errcode = 'QX005';
    end if;
    select * into v_org from organizations where id = p_org_id;
    if exists (select 1 from org_members m join users u on u.id = m.user_id
               where m.org_id = p_org_id and u.email = v_email) then
        raise exception '% is already a member of this organization.', v_email using errcode = 'QX004';
    end if;
    if not exists (select 1 from org_invitations where org_id = p_org_id and email = v_email)
       and (not take_rate_limit('invite_org', p_org_id::text) or not take_rate_limit('invite_user', v_me::text)) then
        raise exception 'Too many invitations were sent in the last hour; try again later.' using errcode = 'QX009';
    end if;
    insert into org_invitations (org_id, email, role, invited_by) values (p_org_id, v_email, p_role, v_me)
    on conflict (org_id, email) do update set role = excluded.role, invited_by = excluded.invited_by, invited_at = now();
    if take_rate_limit('invite_address', v_email) then
        perform queue_mail(v_email, 'You are invited to an organization on Qodex',
            'You were invited to the organization "' || v_org.name || '" (' || v_org.slug || ') as '
            || initcap(p_role) || '.' || chr(10) || chr(10)
            || 'Sign in to Qodex Operator with this address and accept the invitation (qodex invitations accept --org '
            || v_org.slug || '), or sign up with this address: verifying it accepts the invitation.', 'invite');
    end if;
    return 'invited';
end
$$;

-- Invitations addressed to the signed-in user's verified address.
create function my_org_invitations()
    returns table (org_id bigint, slug text, name text, role text, invited_by text, invited_at timestamptz)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select i.org_id, o.slug, o.name, i.role, coalesce(inviter.email, ''), i.invited_at
    from org_invitations i
    join organizations o on o.id = i.org_id
    join users me on me.email = i.email and me.role_name = session_user and me.verified_at is not null
    left join users inviter on inviter.id = i.invited_by
    order by i.invited_at
$$;

create function accept_org_invitation(p_org_id bigint) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_me users%rowtype;
    v_invitation org_invitations%rowtype;
begin
    select * into v_me from users where role_name = session_user and verified_at is not null;
    if not found then
        raise exception 'Verify your email address before accepting an invitation.' using errcode = 'QX002';
    end if;
    delete from org_invitations where org_id = p_org_id and email = v_me.email returning * into v_invitation;
    if not found then
        raise exception 'There is no invitation to this organization for %.', v_me.email using errcode = 'QX003';
    end if;
    -- an invitation stands only while the admin who sent it still is one (a departing admin leaves no back door)
    if not exists (select 1 from org_members m where m.org_id = p_org_id and m.user_id = v_invitation.invited_by
                   and m.role = 'admin') then
        raise exception 'The invitation to this organization was sent by someone who is no longer its admin: ask an '
            'admin to invite you again.' using errcode = 'QX003';
    end if;
    insert into org_members (org_id, user_id, role, added_by)
    values (p_org_id, v_me.id, v_invitation.role, v_invitation.invited_by)
    on conflict do nothing;
    return v_invitation.role;
end
$$;

create function decline_org_invitation(p_org_id bigint) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
begin
    delete from org_invitations i using users me
    where i.org_id = p_org_id and i.email = me.email and me.role_name = session_user and me.verified_at is not null;
end
$$;

-- Members (with their keys, for confirming who receives the organization key) and open invitations, for its admins.
drop function org_member_list();
create function org_member_list(p_org_id bigint)
    returns table (user_id bigint, email text, org_role text, holds_key boolean, public_key bytea,
                   signing_public_key bytea, invited boolean)
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select u.id, u.email, m.role,
           exists (select 1 from org_key_wraps w where w.org_id = o.id and w.user_id = u.id and w.key_version = o.key_version),
           k.public_key, k.signing_public_key, false
    from org_members m
    join users u on u.id = m.user_id and u.verified_at is not null
    join organizations o on o.id = m.org_id
    left join user_keys k on k.user_id = u.id
    where m.org_id = p_org_id and p_org_id = any (app_org_ids('admin'))
    union all
    select null, i.email, i.role, false, null, null, true
    from org_invitations i
    where i.org_id = p_org_id and p_org_id = any (app_org_ids('admin'))
    order by 7, 2
$$;

-- An admin removes a member or withdraws an invitation; anyone may leave. The last admin stays (the trigger above).
-- The person's wraps of the organization key go with them (they could read the platform key while a member: replace
-- it at the provider when that matters).
create function org_remove_member(p_org_id bigint, p_email text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
    v_target bigint;
begin
    select u.id into v_target from org_members m join users u on u.id = m.user_id
    where m.org_id = p_org_id and u.email = v_email;
    if v_target is null or v_target is distinct from app_verified_user_id() then
        perform require_org_admin(p_org_id);
    end if;
    if v_target is null then
        delete from org_invitations where org_id = p_org_id and email = v_email;
        if found then
            return 'invitation withdrawn';
        end if;
        raise exception '% is not a member of this organization.', left(coalesce(p_email, ''), 100) using errcode = 'QX003';
    end if;
    delete from org_members where org_id = p_org_id and user_id = v_target;
    delete from org_key_wraps where org_id = p_org_id and user_id = v_target;
    return 'removed';
end
$$;

create function org_set_role(p_org_id bigint, p_email text, p_role text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
begin
    perform require_org_admin(p_org_id);
    if p_role is null or p_role not in ('admin', 'member') then
        raise exception 'The role must be admin or member.' using errcode = 'QX005';
    end if;
    update org_members m set role = p_role from users u
    where m.org_id = p_org_id and m.user_id = u.id and u.email = v_email;
    if not found then
        update org_invitations set role = p_role where org_id = p_org_id and email = v_email;
        if not found then
            raise exception '% is not a member of this organization.', left(coalesce(p_email, ''), 100)
                using errcode = 'QX003';
        end if;
    end if;
    return p_role;
end
$$;

-- ---------------------------------------------------------------- the organization key of any organization

drop function create_org_key(bytea, bytea, bytea);
create function create_org_key(p_org_id bigint, p_ephemeral_public_key bytea, p_wrapped_key bytea, p_signature bytea)
    returns integer
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_me bigint := require_org_admin(p_org_id);
    v_version integer;
begin
    select key_version into v_version from organizations where id = p_org_id for update;
    if v_version > 0 then
        return v_version;
    end if;
    insert into org_keys (org_id, version, created_by) values (p_org_id, 1, v_me);
    insert into org_key_wraps (org_id, user_id, key_version, ephemeral_public_key, wrapped_key, wrapped_by, signature)
    values (p_org_id, v_me, 1, p_ephemeral_public_key, p_wrapped_key, v_me, p_signature);
    update organizations set key_version = 1 where id = p_org_id;
    return 1;
end
$$;

-- ---------------------------------------------------------------- projects belong to an organization of the creator

drop function create_project(bigint, text, text);
create function create_project(p_id bigint, p_name text, p_slug text, p_org_id bigint) returns bigint
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_user users%rowtype;
begin
    select * into v_user from users where role_name = session_user;
    if not found or v_user.verified_at is null then
        raise exception 'Verify your email address before creating a project.' using errcode = 'QX002';
    end if;
    if p_org_id is null or not (p_org_id = any (app_org_ids('member'))) then
        raise exception 'Projects are created in an organization you belong to: create one (qodex org create) or accept an invitation.'
            using errcode = 'QX002';
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
    delete from id_allocations where table_name = 'projects' and id = p_id and user_id = v_user.id;
    if not found then
        raise exception 'A new project takes an id that allocate_ids() gave you, once.' using errcode = 'QX002';
    end if;
    insert into projects (id, org_id, slug, name, created_by) values (p_id, p_org_id, p_slug, btrim(p_name), v_user.id);
    insert into project_members (project_id, user_id, role, added_by) values (p_id, v_user.id, 'admin', v_user.id);
    insert into project_keys (project_id, version, created_by) values (p_id, 1, v_user.id);
    return p_id;
exception
    when unique_violation then
        raise exception 'The slug "%" is already taken.', p_slug using errcode = 'QX004';
end
$$;

-- ---------------------------------------------------------------- sign-up joins no organization

create or replace function sign_up(p_email text, p_scram_verifier text, p_public_key bytea, p_signing_public_key bytea,
                                   p_sealed_private_key bytea, p_kdf_params text) returns void
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
    set lock_timeout = '5s'
as $$
declare
    v_email text := lower(btrim(p_email));
    v_role text := role_name_for(v_email);
    v_user_id bigint;
    v_verified boolean;
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
    insert into users (email, role_name) values (v_email, v_role)
    on conflict (email) do nothing
    returning id into v_user_id;
    if v_user_id is null then
        select id, verified_at is not null into v_user_id, v_verified from users where email = v_email;
        if v_verified then
            if may_notice(v_user_id, 'exists') then
                perform queue_mail(v_email, 'Your Qodex account',
                    'Someone tried to create a Qodex account with this address, which has one already.' || chr(10) ||
                    chr(10) || 'Sign in, or reset the password if you forgot it. If this was not you, ignore this mail.',
                    'exists');
            end if;
        else
            -- Signed up twice before anyone verified: whoever verifies must show their own password.
            insert into contested_signups (user_id) values (v_user_id);
            if may_mail(v_user_id, 'verify') then
                perform issue_code(v_user_id, v_email, 'verify', interval '2 hours');
            end if;
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

-- What verifying an address does. The seeded organization gets its first admin: the address db init named, else (no
-- organization has a verified member yet: a fresh installation) the first account to verify. Everyone else joins only
-- what they were invited to: verifying the invited address accepts its invitations (organizations and projects).
create or replace function account_verified(p_user_id bigint) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
    v_seeded bigint := (select min(id) from organizations);
    v_named text := (select first_admin_email from installation);
begin
    update users set verified_at = now() where id = p_user_id and verified_at is null returning * into v_user;
    if not found then
        return;
    end if;
    execute format('alter role %I login', v_user.role_name);
    if v_named is not null then
        if v_named = v_user.email and not exists (
                select 1 from org_members m join users u on u.id = m.user_id
                where m.org_id = v_seeded and m.role = 'admin' and u.verified_at is not null) then
            insert into org_members (org_id, user_id, role) values (v_seeded, v_user.id, 'admin')
            on conflict (org_id, user_id) do update set role = 'admin';
        end if;
    elsif not exists (select 1 from org_members m join users u on u.id = m.user_id
                      where u.verified_at is not null and u.id <> v_user.id) then
        -- first run: two first verifications at once take turns here (only while nobody has an organization)
        perform 1 from organizations where id = v_seeded for update;
        if not exists (select 1 from org_members m join users u on u.id = m.user_id
                       where u.verified_at is not null and u.id <> v_user.id) then
            insert into org_members (org_id, user_id, role) values (v_seeded, v_user.id, 'admin')
            on conflict (org_id, user_id) do update set role = 'admin';
        end if;
    end if;
    insert into org_members (org_id, user_id, role, added_by)
    select i.org_id, v_user.id, i.role, i.invited_by from org_invitations i where i.email = v_user.email
      and exists (select 1 from org_members m where m.org_id = i.org_id and m.user_id = i.invited_by
                  and m.role = 'admin')
    on conflict do nothing;
    delete from org_invitations where ctid = any (array(
        select ctid from org_invitations where email = v_user.email for update skip locked));
    insert into project_members (project_id, user_id, role, added_by)
    select i.project_id, v_user.id, i.role, i.invited_by
    from project_invitations i
    where i.email = v_user.email
    on conflict do nothing;
    delete from project_invitations where ctid = any (array(
        select ctid from project_invitations where email = v_user.email for update skip locked));
    delete from contested_signups where user_id = v_user.id;
end
$$;

-- ---------------------------------------------------------------- prices per organization

-- A price row belongs to an organization; the rows shipped with Qodex (no organization) are everyone's defaults. An
-- organization's own rows for a model come before the defaults.
alter table llm_prices add column org_id bigint references organizations (id);
update llm_prices set org_id = (select min(id) from organizations) where created_by is not null;
alter table llm_prices drop constraint llm_prices_provider_model_valid_from_key;
alter table llm_prices add constraint llm_prices_org_model_day_key
    unique nulls not distinct (org_id, provider, model, valid_from);

alter policy llm_prices_read on llm_prices
    using ((select app_verified_user_id()) is not null
           and (org_id is null or org_id = any ((select app_org_ids('member'))::bigint[])));
alter policy llm_prices_write on llm_prices
    using (org_id = any ((select app_org_ids('admin'))::bigint[]))
    with check (org_id = any ((select app_org_ids('admin'))::bigint[]));

create function llm_price_on(p_org_id bigint, p_provider text, p_model text, p_day date)
    returns table (input_usd_per_mtok numeric, output_usd_per_mtok numeric, cached_usd_per_mtok numeric)
    language sql stable
    set search_path = qodex, pg_temp
as $$
    select p.input_usd_per_mtok, p.output_usd_per_mtok, p.cached_usd_per_mtok
    from llm_prices p
    where p.provider = p_provider and p.valid_from <= p_day and (p.org_id is null or p.org_id = p_org_id)
      and p.model in (p_model, regexp_replace(p_model, '-[0-9]{4}-[0-9]{2}-[0-9]{2}$', ''))
    order by (p.org_id is not null) desc, (p.model = p_model) desc, p.valid_from desc
    limit 1
$$;

create or replace function record_llm_usage(p_ids uuid[], p_project_ids bigint[], p_providers text[], p_models text[],
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
    -- the organization pays for platform calls only of its own members: a project's guest from elsewhere uses BYOK
    if exists (select 1 from unnest(p_project_ids, p_fundings) as x(p, f) join projects pr on pr.id = x.p
               where x.f = 'platform' and not (pr.org_id = any (app_org_ids('member')))) then
        raise exception 'Platform-funded usage is recorded only by members of the project''s organization.'
            using errcode = 'QX002';
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
    left join lateral llm_price_on(pr.org_id, x.prov, x.m, (now() at time zone 'UTC')::date) price on true
    on conflict (idempotency_key) do nothing;
    get diagnostics v_inserted = row_count;
    return v_inserted;
end
$$;
drop function llm_price_on(text, text, date);

-- ---------------------------------------------------------------- grants

revoke execute on all functions in schema qodex from public;
grant execute on function my_account() to ${user_role};
grant execute on function my_organizations() to ${user_role};
grant execute on function create_organization(text, text) to ${user_role};
grant execute on function org_invite(bigint, text, text) to ${user_role};
grant execute on function my_org_invitations() to ${user_role};
grant execute on function accept_org_invitation(bigint) to ${user_role};
grant execute on function decline_org_invitation(bigint) to ${user_role};
grant execute on function org_member_list(bigint) to ${user_role};
grant execute on function org_remove_member(bigint, text) to ${user_role};
grant execute on function org_set_role(bigint, text, text) to ${user_role};
grant execute on function create_org_key(bigint, bytea, bytea, bytea) to ${user_role};
grant execute on function create_project(bigint, text, text, bigint) to ${user_role};
