-- API test scenarios, their runs and the findings of failed expectations (docs/features.md, F14).
-- The tables exist since V1 with row-level security (Viewers read, Members and Admins write) and the author stamps of
-- V7; this adds what a scenario is made of, what a run recorded, and bounds on every text a member may write, so one
-- member's client cannot fill the database through a project's rows.

-- A name a person reads in a list: no control characters (a terminal would obey them) and no line or paragraph
-- separators, at most p_max characters.
create function printable_name(p_text text, p_max integer) returns boolean
    language sql immutable
    set search_path = qodex, pg_temp
as $$ select p_text is null or (length(p_text) between 1 and p_max
                                and p_text !~ ('[[:cntrl:]' || chr(8232) || chr(8233) || ']')) $$;

-- Tags: each a printable name of at most 50 characters.
create function printable_tags(p_tags text[]) returns boolean
    language sql immutable
    set search_path = qodex, pg_temp
as $$ select coalesce(bool_and(printable_name(t, 50) and t is not null), true) from unnest(p_tags) t $$;

-- Both run in the CHECK constraints of rows users write, so users may call them (they read nothing).
grant execute on function printable_name(text, integer), printable_tags(text[]) to ${user_role};

-- A scenario: its steps are one JSON document in content (the file format's "steps", docs/features.md F14); tags and
-- what the scenario does (destructive, security) are columns so runs and filters read them without parsing.
alter table scenarios
    add column tags text[] not null default '{}',
    add column destructive boolean not null default false,
    add column security boolean not null default false,
    add column profile text,
    add constraint scenarios_name_length check (printable_name(name, 200)),
    add constraint scenarios_description_length check (length(coalesce(description, '')) <= 20000),
    add constraint scenarios_content_length check (length(content) <= 1000000),
    add constraint scenarios_tags_count check (cardinality(tags) <= 20 and printable_tags(tags)),
    add constraint scenarios_profile_length check (printable_name(profile, 200));

alter table collections
    add constraint collections_name_length check (printable_name(name, 200)),
    add constraint collections_description_length check (length(coalesce(description, '')) <= 20000);

-- The version and time of a change are the database's: an editor's save is refused when someone saved in between
-- (the client's "where version = ?"), and nobody can set a version back or a time to come.
create function stamp_scenario_version() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    if tg_op = 'INSERT' then
        new.version := 1;
    else
        new.version := old.version + 1;
    end if;
    new.updated_at := now();
    return new;
end
$$;
create trigger scenarios_version before insert or update on scenarios
    for each row execute function stamp_scenario_version();

-- A run of one scenario against one environment; the scenarios started together share a batch. steps holds the
-- per-step results with secrets already masked by the client that ran them.
alter table test_runs
    drop constraint test_runs_status_check,
    add constraint test_runs_status_check
        check (status in ('queued', 'running', 'passed', 'failed', 'error', 'cancelled', 'refused')),
    add column batch_id uuid,
    add column scenario_name text,
    add column environment_name text,
    add column steps jsonb not null default '[]',
    add constraint test_runs_steps_size check (pg_column_size(steps) <= 4000000),
    add constraint test_runs_texts check (length(coalesce(summary, '')) <= 4000
        and printable_name(scenario_name, 200) and printable_name(environment_name, 200)),
    add constraint test_runs_id_project unique (id, project_id);
create index test_runs_scenario_latest on test_runs (project_id, scenario_id, id desc);

-- A run is a record: stored once, when it ends, at the server's time (a start at most a day before); nobody changes it
-- afterwards (Members may still delete runs, as they delete other content).
create function stamp_run_times() returns trigger
    language plpgsql
    set search_path = qodex, pg_temp
as $$
begin
    if app_user_id() is null then
        return new; -- the owner's migrations and repairs
    end if;
    new.finished_at := now();
    new.started_at := least(greatest(coalesce(new.started_at, now()), now() - interval '1 day'), now());
    return new;
end
$$;
create trigger test_runs_times before insert on test_runs
    for each row execute function stamp_run_times();
revoke update on test_runs from ${user_role};

-- A failed expectation of a run: where (scenario, step), what was expected and what came back.
alter table findings
    add column test_run_id bigint,
    add column step text,
    add column expected text,
    add column actual text,
    add column excerpt text,
    add column created_by bigint references users (id),
    add constraint findings_test_run foreign key (test_run_id, project_id)
        references test_runs (id, project_id) on delete set null (test_run_id),
    add constraint findings_texts check (length(title) <= 500 and length(coalesce(details, '')) <= 20000
        and length(coalesce(step, '')) <= 200 and length(coalesce(expected, '')) <= 4000
        and length(coalesce(actual, '')) <= 4000 and length(coalesce(excerpt, '')) <= 8000);
create index findings_project_latest on findings (project_id, id desc);

create trigger findings_author before insert or update on findings
    for each row execute function stamp_author('created_by', 'created_at', 'created');

-- What a run found stays as found; people only triage it (its status).
revoke update on findings from ${user_role};
grant update (status) on findings to ${user_role};

-- Other desktops refresh their Scenarios and Findings pages when a run lands.
create trigger test_runs_notify after insert or update or delete on test_runs
    for each row execute function notify_change();
create trigger findings_notify after insert or update or delete on findings
    for each row execute function notify_change();
