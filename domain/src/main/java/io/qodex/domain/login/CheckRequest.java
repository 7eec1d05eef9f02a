package io.qodex.domain.login;

import io.qodex.domain.common.Secret;

/**
 * What to check: the storageState JSON to load (the caller keeps and wipes it), the URL to open (resolved), and how
 * to tell that the page reached is logged in ({@link LoggedInCheck.UrlMatches} globs are resolved with
 * {@code variables}).
 */
public record CheckRequest(Secret storageState, String url, LoggedInCheck check, LoginVariables variables) {

    @Override
    public String toString() {
        return "CheckRequest[url=" + url + ", check=" + check + "]";
    }
}
