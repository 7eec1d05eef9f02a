package io.qodex.domain.environment;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One request header of a login: a name and a value template (variables resolve in it). Put secrets in secret
 * variables and refer to them, e.g. {@code X-Api-Key: ${API_KEY}}: header values themselves are stored as text.
 */
public record LoginHeader(String name, String value) {

    public static final int MAX_VALUE_LENGTH = 4000;
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$");
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "connection", "content-length", "expect", "upgrade");

    public static LoginHeader contentTypeJson() {
        return new LoginHeader("Content-Type", "application/json");
    }

    public static @Nullable String nameProblem(String name) {
        if (!TOKEN.matcher(name).matches()) {
            return "A header name has 1-100 letters, digits and !#$%&'*+.^_`|~- (no spaces or colons).";
        }
        if (SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
            return "Qodex sets the " + name + " header itself.";
        }
        return null;
    }

    public static @Nullable String valueProblem(String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            return "A header value has at most " + MAX_VALUE_LENGTH + " characters (" + value.length() + " given).";
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return "A header value cannot contain line breaks.";
        }
        return null;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
