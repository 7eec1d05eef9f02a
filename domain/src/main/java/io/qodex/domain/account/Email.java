package io.qodex.domain.account;

import io.qodex.domain.common.QodexException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A normalised (trimmed, lower-case) email address. Parse, don't validate: an Email is always well-formed. */
public record Email(String value) {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

    public Email {
        if (!SHAPE.matcher(value).matches() || value.length() > 254 || !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw QodexException.invalid("email", "\"" + abbreviate(value) + "\" is not a valid email address.");
        }
    }

    public static Email parse(String raw) {
        String normalised = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (normalised.isEmpty()) {
            throw QodexException.invalid("email", "Enter an email address.");
        }
        return new Email(normalised);
    }

    public String localPart() {
        return value.substring(0, value.indexOf('@'));
    }

    private static String abbreviate(String raw) {
        return raw.length() > 60 ? raw.substring(0, 57) + "..." : raw;
    }

    @Override
    public String toString() {
        return value;
    }
}
