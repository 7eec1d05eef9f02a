package io.qodex.domain.project;

import io.qodex.domain.common.QodexException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** A project slug (F3): {@code ^[a-z0-9][a-z0-9-]{1,62}$}. Parse, don't validate. */
public record Slug(String value) {

    public static final Pattern SHAPE = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

    public Slug {
        String problem = problemWith(value);
        if (problem != null) {
            throw QodexException.invalid("slug", problem);
        }
    }

    public static Slug parse(String raw) {
        return new Slug(raw == null ? "" : raw.strip());
    }

    /** Why the text is not a slug, or null if it is one; for live validation. */
    public static @org.jspecify.annotations.Nullable String problemWith(String raw) {
        if (raw.isEmpty()) {
            return "Enter a slug.";
        }
        if (raw.length() < 2) {
            return "A slug needs at least 2 characters.";
        }
        if (raw.length() > 63) {
            return "A slug has at most 63 characters (" + raw.length() + " given).";
        }
        if (!SHAPE.matcher(raw).matches()) {
            return "Use lowercase letters, digits and hyphens, starting with a letter or digit.";
        }
        return null;
    }

    /** A slug made from a project name: "Checkout Web (EU)" becomes "checkout-web-eu". */
    public static String suggestFrom(String name) {
        String ascii = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (ascii.length() > 63) {
            ascii = ascii.substring(0, 63).replaceAll("-+$", "");
        }
        return ascii;
    }

    @Override
    public String toString() {
        return value;
    }
}
