package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An absolute http(s) URL without credentials or fragment, stored without trailing slashes so that
 * {@code ${baseUrl}/login} never doubles a slash.
 */
public record HttpUrl(String value) {

    public static final int MAX_LENGTH = 2000;

    public HttpUrl {
        String problem = problemWith(value);
        if (problem != null) {
            throw QodexException.invalid("url", problem);
        }
    }

    public static HttpUrl parse(String field, String raw) {
        String normalised = normalise(raw);
        String problem = problemWith(normalised);
        if (problem != null) {
            throw QodexException.invalid(field, problem);
        }
        return new HttpUrl(normalised);
    }

    public static String normalise(@Nullable String raw) {
        String trimmed = raw == null ? "" : raw.strip();
        int end = trimmed.length();
        while (end > 0 && trimmed.charAt(end - 1) == '/' && !trimmed.substring(0, end).endsWith("://")) {
            end--;
        }
        return trimmed.substring(0, end);
    }

    /** Why the text is not an absolute http(s) URL, or null. Never quotes the text (it is shown next to it). */
    public static @Nullable String problemWith(String value) {
        if (value.isEmpty()) {
            return "Enter a URL starting with http:// or https://.";
        }
        if (value.length() > MAX_LENGTH) {
            return "A URL has at most " + MAX_LENGTH + " characters (" + value.length() + " given).";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "This is not a valid URL (" + e.getReason() + ").";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return "Use an absolute URL starting with http:// or https://.";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "The URL needs a host name, e.g. https://shop.example.com.";
        }
        if (uri.getRawUserInfo() != null) {
            return "Do not put credentials in a URL; use an auth profile or a secret variable.";
        }
        if (uri.getRawFragment() != null) {
            return "A base URL cannot have a #fragment.";
        }
        return null;
    }

    public URI toUri() {
        return URI.create(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
