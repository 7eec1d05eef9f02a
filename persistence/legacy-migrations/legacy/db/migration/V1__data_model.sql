-- Qodex Operator data model (F1-F12). Runs as qodex_owner inside schema qodex.
-- Every project-owned table carries project_id with a foreign key; RLS is enabled in V2.
-- Child tables repeat project_id and reference their parent through (id, project_id),
-- so a row can never point at a parent in another project.

create table installation (
    singleton   boolean primary key default true check (singleton),
    install_id  text not null check (install_id ~ '^[a-z2-7]{6}$'),
    created_at  timestamptz not null default now()
);

create table organizations (
    id          bigint generated always as identity primary key,
    name        text not null check (length(btrim(name)) between 1 and 200),
    key_version integer not null default 0,
    created_at  timestamptz not null default now()
);

create table users (
    id          bigint generated always as identity primary key,
    email       text not null unique check (email = lower(email) and length(email) between 3 and 254),
    role_name   text not null unique,
    org_id      bigint not null references organizations (id),
    org_role    text not null default 'member' check (org_role in ('admin', 'member')),
    verified_at timestamptz,
    created_at  timestamptz not null default now()
);

-- The user's X25519 key pair; the private key is sealed under an Argon2id-derived key (SECURITY.md layer 3).
create table user_keys (
    user_id            bigint primary key references users (id) on delete cascade,
    public_key         bytea not null check (length(public_key) = 32),
    sealed_private_key bytea not null,
    kdf_params         text not null,
    generation         integer not null default 1,
    created_at         timestamptz not null default now()
);

-- One-time codes (email verification, password reset). Only hashes are kept; no client role can read this table.
create table user_codes (
    user_id    bigint not null references users (id) on delete cascade,
    purpose    text not null check (purpose in ('verify', 'reset')),
    code_hash  bytea not null,
    salt       bytea not null,
    expires_at timestamptz not null,
    attempts   integer not null default 0,
    sent_at    timestamptz not null default now(),
    primary key (user_id, purpose)
);

create table projects (
    id               bigint generated always as identity primary key,
    org_id           bigint not null references organizations (id),
    slug             text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name             text not null check (length(btrim(name)) between 1 and 100),
    key_version      integer not null default 1,
    rotation_needed  boolean not null default false,
    archived_at      timestamptz,
    created_by       bigint references users (id),
    created_at       timestamptz not null default now(),
    version          bigint not null default 0
);

create table project_members (
    project_id bigint not null references projects (id),
    user_id    bigint not null references users (id) on delete cascade,
    role       text not null check (role in ('admin', 'member', 'viewer')),
    added_by   bigint references users (id),
    added_at   timestamptz not null default now(),
    primary key (project_id, user_id)
);
create index project_members_user_idx on project_members (user_id, project_id);

-- Invitations for addresses that have no verified account yet; turned into memberships on verification.
create table project_invitations (
    project_id bigint not null references projects (id),
    email      text not null check (email = lower(email)),
    role       text not null check (role in ('admin', 'member', 'viewer')),
    invited_by bigint references users (id),
    invited_at timestamptz not null default now(),
    primary key (project_id, email)
);

create table project_keys (
    project_id bigint not null references projects (id),
    version    integer not null check (version >= 1),
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    primary key (project_id, version)
);

create table project_key_wraps (
    project_id           bigint not null references projects (id),
    user_id              bigint not null references users (id) on delete cascade,
    key_version          integer not null,
    ephemeral_public_key bytea not null check (length(ephemeral_public_key) = 32),
    wrapped_key          bytea not null,
    wrapped_by           bigint references users (id),
    created_at           timestamptz not null default now(),
    primary key (project_id, user_id, key_version),
    foreign key (project_id, key_version) references project_keys (project_id, version)
);

create table project_api_keys (
    id           bigint generated always as identity primary key,
    project_id   bigint not null references projects (id),
    name         text not null check (length(btrim(name)) between 1 and 100),
    prefix       text not null unique,
    key_hash     bytea not null check (length(key_hash) = 32),
    scopes       text[] not null,
    created_by   bigint not null references users (id),
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
create index project_api_keys_project_idx on project_api_keys (project_id);

create table environments (
    id                      bigint generated always as identity primary key,
    project_id              bigint not null references projects (id),
    name                    text not null check (length(btrim(name)) between 1 and 80),
    base_url                text not null,
    api_base_url            text,
    preset                  text check (preset in ('production', 'staging', 'qa', 'local', 'preview', 'custom')),
    color                   text check (color ~ '^#[0-9a-f]{6}$'),
    label                   text,
    production_like         boolean not null default false,
    read_only               boolean not null default false,
    max_requests_per_second integer not null default 10 check (max_requests_per_second between 1 and 1000),
    allow_destructive_tests boolean not null default false,
    allow_security_testing  boolean not null default false,
    sort_order              integer not null default 0,
    version                 bigint not null default 0,
    updated_by              bigint references users (id),
    updated_at              timestamptz not null default now(),
    created_at              timestamptz not null default now(),
    unique (project_id, name),
    unique (id, project_id)
);

create table environment_variables (
    id             bigint generated always as identity primary key,
    project_id     bigint not null references projects (id),
    environment_id bigint not null,
    name           text not null check (name ~ '^[A-Za-z_][A-Za-z0-9_]*$' and length(name) <= 100),
    value          text,
    secret_value   text,
    is_secret      boolean not null default false,
    unique (environment_id, name),
    foreign key (environment_id, project_id) references environments (id, project_id) on delete cascade,
    check ((is_secret and value is null) or (not is_secret and secret_value is null))
);

create table auth_profiles (
    id                   bigint generated always as identity primary key,
    project_id           bigint not null references projects (id),
    environment_id       bigint not null,
    name                 text not null check (length(btrim(name)) between 1 and 60),
    email                text,
    password_secret      text,
    static_token_secret  text,
    api_login_config     text,
    ui_login_steps       text,
    session_secret       text,
    session_captured_at  timestamptz,
    session_expires_at   timestamptz,
    logged_in_check      text,
    version              bigint not null default 0,
    unique (environment_id, name),
    foreign key (environment_id, project_id) references environments (id, project_id) on delete cascade
);

create table active_environments (
    project_id     bigint not null references projects (id),
    user_id        bigint not null references users (id) on delete cascade,
    environment_id bigint not null,
    updated_at     timestamptz not null default now(),
    primary key (project_id, user_id),
    foreign key (environment_id, project_id) references environments (id, project_id) on delete cascade
);

-- Project content (F12)
create table chats (
    id         bigint generated always as identity primary key,
    project_id bigint not null references projects (id),
    title      text not null,
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    unique (id, project_id)
);

create table chat_messages (
    id            bigint generated always as identity primary key,
    project_id    bigint not null references projects (id),
    chat_id       bigint not null,
    role          text not null check (role in ('user', 'assistant', 'system')),
    content       text not null,
    model         text,
    input_tokens  integer,
    output_tokens integer,
    cost_micros   bigint,
    created_by    bigint references users (id),
    created_at    timestamptz not null default now(),
    foreign key (chat_id, project_id) references chats (id, project_id) on delete cascade
);
create index chat_messages_chat_idx on chat_messages (chat_id, id);

create table scenarios (
    id          bigint generated always as identity primary key,
    project_id  bigint not null references projects (id),
    name        text not null,
    kind        text not null default 'ui' check (kind in ('ui', 'http')),
    description text,
    content     text not null default '',
    created_by  bigint references users (id),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     bigint not null default 0,
    unique (project_id, name),
    unique (id, project_id)
);

create table scripts (
    id          bigint generated always as identity primary key,
    project_id  bigint not null references projects (id),
    scenario_id bigint,
    language    text not null,
    content     text not null,
    created_at  timestamptz not null default now(),
    foreign key (scenario_id, project_id) references scenarios (id, project_id) on delete cascade
);

create table findings (
    id          bigint generated always as identity primary key,
    project_id  bigint not null references projects (id),
    scenario_id bigint,
    title       text not null,
    severity    text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
    status      text not null default 'open' check (status in ('open', 'triaged', 'fixed', 'dismissed')),
    details     text,
    created_at  timestamptz not null default now(),
    foreign key (scenario_id, project_id) references scenarios (id, project_id) on delete set null (scenario_id)
);

create table test_runs (
    id             bigint generated always as identity primary key,
    project_id     bigint not null references projects (id),
    scenario_id    bigint,
    environment_id bigint,
    status         text not null check (status in ('queued', 'running', 'passed', 'failed', 'error', 'cancelled')),
    started_at     timestamptz,
    finished_at    timestamptz,
    summary        text,
    created_by     bigint references users (id),
    created_at     timestamptz not null default now(),
    foreign key (scenario_id, project_id) references scenarios (id, project_id) on delete set null (scenario_id),
    foreign key (environment_id, project_id) references environments (id, project_id) on delete set null (environment_id)
);

create table collections (
    id          bigint generated always as identity primary key,
    project_id  bigint not null references projects (id),
    name        text not null,
    description text,
    created_at  timestamptz not null default now(),
    unique (project_id, name),
    unique (id, project_id)
);

create table collection_items (
    project_id    bigint not null references projects (id),
    collection_id bigint not null,
    scenario_id   bigint not null,
    position      integer not null default 0,
    primary key (collection_id, scenario_id),
    foreign key (collection_id, project_id) references collections (id, project_id) on delete cascade,
    foreign key (scenario_id, project_id) references scenarios (id, project_id) on delete cascade
);

create table project_memory (
    project_id bigint not null references projects (id),
    document   text not null check (document in ('project.md', 'test_memory.md')),
    content    text not null default '' check (length(content) <= 200000),
    version    bigint not null default 0,
    updated_by bigint references users (id),
    updated_at timestamptz not null default now(),
    primary key (project_id, document)
);

-- BYOK (F9): the key only ever as project-secret ciphertext; last four kept for display.
create table byok_credentials (
    project_id bigint primary key references projects (id),
    provider   text not null check (provider in ('openai', 'anthropic', 'google')),
    key_secret text not null,
    last_four  text not null check (length(last_four) <= 4),
    set_by     bigint references users (id),
    set_at     timestamptz not null default now()
);

-- Org-level key ring and the platform-funded LLM key (SECURITY.md layer 3).
create table org_keys (
    org_id     bigint not null references organizations (id),
    version    integer not null check (version >= 1),
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    primary key (org_id, version)
);

create table org_key_wraps (
    org_id               bigint not null references organizations (id),
    user_id              bigint not null references users (id) on delete cascade,
    key_version          integer not null,
    ephemeral_public_key bytea not null check (length(ephemeral_public_key) = 32),
    wrapped_key          bytea not null,
    wrapped_by           bigint references users (id),
    created_at           timestamptz not null default now(),
    primary key (org_id, user_id, key_version),
    foreign key (org_id, key_version) references org_keys (org_id, version)
);

create table org_platform_keys (
    org_id     bigint primary key references organizations (id),
    provider   text not null check (provider in ('openai')),
    key_secret text not null,
    last_four  text not null check (length(last_four) <= 4),
    set_by     bigint references users (id),
    set_at     timestamptz not null default now()
);

-- LLM cost tracking (F10, F11)
create table llm_prices (
    id                  bigint generated always as identity primary key,
    provider            text not null,
    model               text not null,
    valid_from          date not null,
    input_usd_per_mtok  numeric(12, 6) not null check (input_usd_per_mtok >= 0),
    output_usd_per_mtok numeric(12, 6) not null check (output_usd_per_mtok >= 0),
    cached_usd_per_mtok numeric(12, 6) not null check (cached_usd_per_mtok >= 0),
    created_by          bigint references users (id),
    created_at          timestamptz not null default now(),
    unique (provider, model, valid_from)
);

create table llm_usage_log (
    id              bigint generated always as identity primary key,
    idempotency_key uuid not null unique,
    project_id      bigint not null references projects (id),
    org_id          bigint not null references organizations (id),
    user_id         bigint references users (id),
    provider        text not null,
    model           text not null,
    source          text not null,
    funding         text not null check (funding in ('byok', 'platform', 'codex_pool')),
    input_tokens    integer not null default 0,
    output_tokens   integer not null default 0,
    cached_tokens   integer not null default 0,
    latency_ms      integer not null default 0,
    outcome         text not null check (outcome in ('ok', 'error', 'timeout', 'rate_limited', 'auth_failed',
                                                      'budget_exceeded', 'cancelled', 'refused')),
    cost_micros     bigint not null default 0,
    error_message   text,
    created_at      timestamptz not null default now()
);
create index llm_usage_log_project_time_idx on llm_usage_log (project_id, created_at desc);

create table llm_usage_daily (
    org_id        bigint not null,
    project_id    bigint not null references projects (id),
    day           date not null,
    model         text not null,
    source        text not null,
    funding       text not null,
    user_id       bigint not null,
    outcome       text not null,
    calls         bigint not null default 0,
    input_tokens  bigint not null default 0,
    output_tokens bigint not null default 0,
    cached_tokens bigint not null default 0,
    cost_micros   bigint not null default 0,
    primary key (project_id, day, model, source, funding, user_id, outcome)
);
create index llm_usage_daily_org_day_idx on llm_usage_daily (org_id, day);

create table llm_usage_hourly (
    org_id      bigint not null,
    project_id  bigint not null references projects (id),
    hour        timestamptz not null,
    funding     text not null,
    calls       bigint not null default 0,
    cost_micros bigint not null default 0,
    primary key (project_id, hour, funding)
);

create table project_caps (
    project_id       bigint primary key references projects (id),
    five_hour_micros bigint not null check (five_hour_micros >= 0),
    weekly_micros    bigint not null check (weekly_micros >= 0),
    updated_by       bigint references users (id),
    updated_at       timestamptz not null default now()
);

-- A reservation's id is the idempotency key of its call; it is removed when that call's usage row lands.
create table llm_reservations (
    id             uuid primary key,
    project_id     bigint not null references projects (id),
    user_id        bigint not null references users (id),
    amount_micros  bigint not null check (amount_micros >= 0),
    settled_micros bigint check (settled_micros >= 0),
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null
);
create index llm_reservations_project_idx on llm_reservations (project_id, expires_at);

-- Mail outbox: written by SECURITY DEFINER functions, read and marked only by the mail relay (qodex_mailer).
create table mail_outbox (
    id              bigint generated always as identity primary key,
    to_email        text not null,
    subject         text not null,
    body            text,
    kind            text not null,
    created_at      timestamptz not null default now(),
    next_attempt_at timestamptz not null default now(),
    attempts        integer not null default 0,
    sent_at         timestamptz,
    last_error      text
);
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where sent_at is null;

insert into organizations (name) values ('Default organization');
