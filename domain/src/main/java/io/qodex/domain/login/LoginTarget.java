package io.qodex.domain.login;

/**
 * Everything needed to log in as one auth profile and to check its session: the steps, the resolver of their
 * variables, the URL "Check session" opens (resolved; by default the environment's base URL) and the logged-in check.
 */
public record LoginTarget(LoginScript script, LoginVariables variables, String checkUrl, LoggedInCheck check) {
}
