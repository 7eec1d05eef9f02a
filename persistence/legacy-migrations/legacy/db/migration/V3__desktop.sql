-- What the desktop app needs beyond V2.

-- Live slug validation while creating a project: is a slug free? (Says nothing else about the project.)
create function slug_available(p_slug text) returns boolean
    language sql stable security definer
    set search_path = qodex, pg_temp
as $$
    select app_verified_user_id() is not null
       and p_slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'
       and not exists (select 1 from projects where slug = p_slug)
$$;

revoke execute on function slug_available(text) from public;
grant execute on function slug_available(text) to qodex_user;
