-- Environments (F6, F7): what V1/V2 leave to add for the editor.
--  * Who saved an environment last, and when, is stamped by the database (the conflict message names them);
--    a client cannot claim someone else did it.
--  * Variable and profile names stay unique per environment, but checked at commit, so one save can rename
--    A to B and B to A, or remove X and add another X.
--  * Environment names are unique per project regardless of case ("Production" and "production" would be
--    indistinguishable in the switcher).
--  * The same limits the editor enforces, as a last line of defence.

create function stamp_environment_change() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    new.updated_by := app_user_id();
    new.updated_at := now();
    return new;
end
$$;

create trigger environments_stamp before insert or update on environments
    for each row execute function stamp_environment_change();

create unique index environments_project_lower_name_idx on environments (project_id, lower(name));

alter table environments
    add constraint environments_base_url_shape check (base_url ~* '^https?://' and length(base_url) <= 2000),
    add constraint environments_api_base_url_shape
        check (api_base_url is null or (api_base_url ~* '^https?://' and length(api_base_url) <= 2000)),
    add constraint environments_label_length check (label is null or length(label) between 1 and 24);

alter table environment_variables
    drop constraint environment_variables_environment_id_name_key,
    add constraint environment_variables_environment_id_name_key unique (environment_id, name)
        deferrable initially deferred,
    add constraint environment_variables_value_length check (value is null or length(value) <= 10000);

alter table auth_profiles
    drop constraint auth_profiles_environment_id_name_key,
    add constraint auth_profiles_environment_id_name_key unique (environment_id, name) deferrable initially deferred,
    add constraint auth_profiles_email_length check (email is null or length(email) <= 254),
    add constraint auth_profiles_api_login_config_length
        check (api_login_config is null or length(api_login_config) <= 100000);
