-- An unverified account belongs to whoever can read its mailbox, not to whoever called sign_up first. Anyone may call
-- sign_up (its login is public), so an attacker could sign up someone else's address with a password of his own and
-- wait for the owner to use the code that arrives: the attacker's password would then open the account. Now:
-- - verify_email_as(email, code, credentials) verifies with the code and sets the credentials of whoever presents it
--   (the window passes the password typed at sign-up or on the verify page, qodex verify QODEX_PASSWORD or a prompt);
--   verify_email with the code alone verifies nothing any more: it would switch on credentials its caller never
--   showed, chosen by whoever called sign_up;
-- - a second sign_up of an address that is not verified yet marks it contested (an insert, no lock) and mails a
--   fresh code, so the owner has a code even when someone else signed the address up first;
-- - every unexpired code of a purpose counts, not only the newest: a stranger asking for codes only sends the owner
--   more of them, never makes the one in hand stale (each is 60 bits, single use, and using one ends all);
-- - verifying, by code or by a reset, does the same things: the first admin, the invitations (docs/security.md,
--   "Accounts"). Also: notices to an existing address ("someone tried to sign up") have their own pause and no longer
--   use up the six code mails an hour, and the invitations a verification accepts are removed without waiting for a
--   row someone holds.

create table contested_signups (
    user_id bigint not null references users (id) on delete cascade,
    at      timestamptz not null default now()
);
create index contested_signups_user on contested_signups (user_id);
alter table contested_signups enable row level security; -- no policy: only the functions' owner

-- True when the code is one of the unexpired codes of the purpose (nothing consumed, nothing locked).
create function code_matches(p_user_id bigint, p_purpose text, p_code text) returns boolean
    language plpgsql stable
    set search_path = qodex, pg_temp
as $$
declare
    v_row record;
    v_code text := normalize_code(p_code);
begin
    if v_code !~ '^[0-9A-HJKMNP-TV-Z]{12}$' then
        return false;
    end if;
    for v_row in select code_hash, salt from user_codes
                 where user_id = p_user_id and purpose = p_purpose and expires_at > now() loop
        if hash_code(v_code, v_row.salt) = v_row.code_hash then
            return true;
        end if;
    end loop;
    return false;
end
$$;

-- Checks and consumes a code: any unexpired one of the purpose (at most a few: mails are limited). Null when it is
-- good, else the refusal. A wrong code writes nothing; using one deletes exactly the matching row (only someone holding
-- the same code can hold that row) and then every other code of the purpose that nobody holds.
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
    for v_row in select id, code_hash, salt from user_codes
                 where user_id = p_user_id and purpose = p_purpose and expires_at > now() loop
        if hash_code(v_code, v_row.salt) = v_row.code_hash then
            delete from user_codes where id = v_row.id returning id into v_used;
            if v_used is null then
                return code_refusal(); -- used a moment ago
            end if;
            delete from user_codes where id in (
                select id from user_codes where user_id = p_user_id and purpose = p_purpose for update skip locked);
            return null;
        end if;
    end loop;
    return code_refusal();
end
$$;

-- What verifying an address does, whichever way it was proven (a verification code, a reset code).
create function account_verified(p_user_id bigint) returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
begin
    update users set verified_at = now() where id = p_user_id and verified_at is null returning * into v_user;
    if not found then
        return;
    end if;
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
    delete from project_invitations where ctid = any (array(
        select ctid from project_invitations where email = v_user.email for update skip locked));
    delete from contested_signups where user_id = v_user.id;
end
$$;

-- A notice (no code) to an account: at most one an hour per kind, apart from the six code mails an hour.
create function may_notice(p_user_id bigint, p_kind text) returns boolean
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
declare
    v_pause text := 'notice_pause:' || p_user_id || ':' || p_kind;
begin
    if exists (select 1 from rate_events where bucket = v_pause and at > now() - interval '1 hour') then
        return false;
    end if;
    insert into rate_events (bucket, at) values (v_pause, now());
    return true;
end
$$;

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
    insert into users (email, role_name, org_id)
    values (v_email, v_role, (select min(id) from organizations))
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

-- A new password and new key pairs (checked by the caller) for an account whose address was just proven by a
-- verification or a reset code.
create function replace_credentials(p_user users, p_scram_verifier text, p_public_key bytea,
                                    p_signing_public_key bytea, p_sealed_private_key bytea, p_kdf_params text)
    returns void
    language plpgsql volatile
    set search_path = qodex, pg_temp
as $$
begin
    execute format('alter role %I password %L', p_user.role_name, p_scram_verifier);
    update user_keys
    set public_key = p_public_key, signing_public_key = p_signing_public_key, sealed_private_key = p_sealed_private_key,
        kdf_params = p_kdf_params, generation = generation + 1, created_at = now()
    where user_id = p_user.id;
end
$$;

-- The code alone verifies nothing: it would switch on the credentials sign_up was given, which anyone may have chosen.
-- Kept for clients of the earlier version, which then say what to do. Returns the one refusal for a wrong code.
create or replace function verify_email(p_email text, p_code text) returns text
    language plpgsql volatile security definer
    set search_path = qodex, pg_temp
as $$
declare
    v_user users%rowtype;
begin
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or v_user.verified_at is not null or not code_matches(v_user.id, 'verify', p_code) then
        return code_refusal();
    end if;
    -- only the holder of a good code learns this
    raise exception 'Verifying needs your password as well as the code (it becomes the account''s): update Qodex '
        'Operator, or use qodex verify with QODEX_PASSWORD.' using errcode = 'QX011';
end
$$;

-- Verifies with the code and sets the presenter's credentials: new key pairs, the login password derived from their
-- password. The account's rows are touched only once the code was right: before that nothing here waits for anyone.
-- Returns null on success, else the one refusal.
create function verify_email_as(p_email text, p_code text, p_scram_verifier text, p_public_key bytea,
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
    select * into v_user from users where email = lower(btrim(p_email));
    if not found or v_user.verified_at is not null then
        return code_refusal();
    end if;
    v_refusal := consume_code(v_user.id, 'verify', p_code);
    if v_refusal is not null then
        return v_refusal;
    end if;
    perform replace_credentials(v_user, p_scram_verifier, p_public_key, p_signing_public_key, p_sealed_private_key,
                                p_kdf_params);
    perform account_verified(v_user.id);
    return null;
end
$$;

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
    perform replace_credentials(v_user, p_scram_verifier, p_public_key, p_signing_public_key, p_sealed_private_key,
                                p_kdf_params);
    delete from project_key_wraps where user_id = v_user.id;
    delete from org_key_wraps where user_id = v_user.id;
    perform account_verified(v_user.id); -- a reset also proves the address
    return null;
end
$$;

revoke all on function verify_email_as(text, text, text, bytea, bytea, bytea, text) from public;
grant execute on function verify_email_as(text, text, text, bytea, bytea, bytea, text) to ${signup_role};

revoke execute on all functions in schema qodex from public;
grant execute on function verify_email_as(text, text, text, bytea, bytea, bytea, text) to ${signup_role};
