-- One row in every project-owned table for project :p (run as qodex_owner, bypassing RLS). :u is a member of :p.
insert into environments (project_id, name, base_url) values (:p, 'seed-env', 'https://seed.example');
insert into environment_variables (project_id, environment_id, name, value)
    select :p, id, 'SEED', 'value' from environments where project_id = :p and name = 'seed-env';
insert into auth_profiles (project_id, environment_id, name, email)
    select :p, id, 'admin', 'seed@example.test' from environments where project_id = :p and name = 'seed-env';
insert into active_environments (project_id, user_id, environment_id)
    select :p, :u, id from environments where project_id = :p and name = 'seed-env';
insert into chats (project_id, title) values (:p, 'seed chat');
insert into chat_messages (project_id, chat_id, role, content) select :p, id, 'user', 'hello' from chats where project_id = :p;
insert into scenarios (project_id, name) values (:p, 'seed scenario');
insert into scripts (project_id, scenario_id, language, content)
    select :p, id, 'typescript', 'test()' from scenarios where project_id = :p;
insert into findings (project_id, title, severity) values (:p, 'seed finding', 'low');
insert into test_runs (project_id, status) values (:p, 'passed');
insert into collections (project_id, name) values (:p, 'seed collection');
insert into collection_items (project_id, collection_id, scenario_id)
    select :p, c.id, s.id from collections c, scenarios s where c.project_id = :p and s.project_id = :p;
insert into project_memory (project_id, document, content) values (:p, 'project.md', 'seed memory');
insert into byok_credentials (project_id, provider, key_secret, last_four) values (:p, 'openai', 'v1.1.AAAA', 'abcd');
insert into project_api_keys (project_id, name, prefix, key_hash, scopes, created_by, expires_at)
    values (:p, 'seed', 'aaaaaaseed' || translate(:p::text, '0123456789', 'abcdefghij') || 'aaaaaaaaaaaa',
            sha256('seed'::bytea), '{env:read}', :u, now() + interval '30 days');
insert into project_invitations (project_id, email, role) values (:p, 'invitee' || :p || '@example.test', 'member');
insert into llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, source, funding, outcome)
    values (gen_random_uuid(), :p, (select org_id from projects where id = :p), :u, 'openai', 'gpt-4o-mini', 'seed', 'platform', 'ok');
insert into llm_usage_daily (org_id, project_id, day, model, source, funding, user_id, outcome, calls)
    values ((select org_id from projects where id = :p), :p, current_date, 'seed-model', 'seed', 'platform', :u, 'ok', 1)
    on conflict do nothing;
insert into llm_usage_hourly (org_id, project_id, hour, funding, calls)
    values ((select org_id from projects where id = :p), :p, date_trunc('hour', now()) - interval '3 hours', 'platform', 1)
    on conflict do nothing;
insert into project_caps (project_id, five_hour_micros, weekly_micros) values (:p, 1000000, 5000000) on conflict do nothing;
insert into llm_reservations (id, project_id, user_id, amount_micros, expires_at)
    values (gen_random_uuid(), :p, :u, 1, now() + interval '1 hour');
