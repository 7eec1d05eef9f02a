package io.qodex.domain.apikey;

import io.qodex.domain.common.QodexException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a key may do: read environments, read secrets, use UI-login sessions, trigger runs (reserved). */
public enum ApiKeyScope {
    /** Environments, variables without secrets, constraints. */
    ENV_READ("env:read"),
    /** Decrypted secret variables and tokens. */
    SECRETS_READ("secrets:read"),
    /** Replay UI logins, read and store captured sessions. */
    SESSIONS("sessions"),
    /** Reserved for triggering runs: listed, grants nothing yet. */
    WEBHOOKS("webhooks");

    private final String code;

    ApiKeyScope(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ApiKeyScope parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(scope -> scope.code.equals(wanted)).findFirst().orElseThrow(() ->
                QodexException.invalid("scope", "Unknown scope \"" + text.strip() + "\": use " + codes() + "."));
    }

    /** "env:read,secrets:read" (or with spaces) to a set; empty or repeated scopes are refused. */
    public static Set<ApiKeyScope> parseList(String text) {
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                throw QodexException.invalid("scope", "Name one or more scopes, separated by commas: " + codes() + ".");
            }
            if (!scopes.add(parse(part))) {
                throw QodexException.invalid("scope", "The scope " + part.strip() + " is named twice.");
            }
        }
        return scopes;
    }

    static String codes() {
        return Arrays.stream(values()).map(ApiKeyScope::code).collect(Collectors.joining(", "));
    }
}
