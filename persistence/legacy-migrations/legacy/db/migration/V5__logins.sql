-- F8 UI-login recorder. The session captured by replaying a UI login is kept in auth_profiles: session_secret (the
-- Playwright storageState JSON), session_captured_at, session_expires_at (the earliest cookie expiry) from V1; and,
-- new here, session_bearer_secret: the bearer token seen in request headers after login, the last resort of the
-- token precedence (F7). Both secrets are project-key ciphertext like every other secret column.
alter table auth_profiles add column session_bearer_secret text;

drop trigger auth_profiles_secret on auth_profiles;
create trigger auth_profiles_secret before insert or update on auth_profiles
    for each row execute function enforce_secret_format('password_secret', 'static_token_secret', 'session_secret',
                                                        'session_bearer_secret');
