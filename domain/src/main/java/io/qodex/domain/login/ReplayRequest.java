package io.qodex.domain.login;

/** What to replay: the steps, and the resolver of their variables. */
public record ReplayRequest(LoginScript script, LoginVariables variables) {
}
