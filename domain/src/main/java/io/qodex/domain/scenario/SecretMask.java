package io.qodex.domain.scenario;

import io.qodex.domain.environment.JsonEscape;
import io.qodex.domain.environment.Masks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Blanks out secrets in texts that came back from a server or were built from them, in the forms servers echo them
 * in: as sent; JSON-escaped (ours, with {@code \/}, with every non-ASCII and HTML-special character as {@code \\uXXXX}
 * as Go and Python write them, and escaped twice, as a JSON text inside JSON); URL-encoded and form-decoded; in any
 * case. Every place any form of any secret covers is masked, so two secrets that overlap leave nothing of either.
 * Secrets shorter than {@value #SHORTEST} characters are not looked for in answers (they would blank unrelated text);
 * the requests shown mask them anyway, from the templates.
 */
final class SecretMask {

    static final int SHORTEST = 3;

    private final Set<String> needles = new LinkedHashSet<>();

    void add(String secret) {
        if (secret.length() < SHORTEST) {
            return;
        }
        for (String form : forms(secret)) {
            if (form.length() >= SHORTEST) {
                needles.add(lower(form));
            }
        }
    }

    boolean isEmpty() {
        return needles.isEmpty();
    }

    String mask(String text) {
        if (needles.isEmpty() || text.isEmpty()) {
            return text;
        }
        String lower = lower(text);
        boolean[] covered = null;
        for (String needle : needles) {
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
                if (covered == null) {
                    covered = new boolean[text.length()];
                }
                java.util.Arrays.fill(covered, at, at + needle.length(), true);
            }
        }
        if (covered == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!covered[i]) {
                out.append(text.charAt(i));
            } else if (i == 0 || !covered[i - 1]) {
                out.append(Masks.STORED);
            }
        }
        return out.toString();
    }

    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        String json = JsonEscape.escape(secret);
        String ascii = asciiJson(secret);
        forms.add(secret);
        forms.add(json);
        forms.add(ascii);
        forms.add(json.replace("/", "\\/"));
        forms.add(ascii.replace("/", "\\/"));
        forms.add(JsonEscape.escape(json));
        forms.add(JsonEscape.escape(ascii));
        String url = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(url);
        forms.add(url.replace("+", "%20"));
        forms.add(secret.replace('+', ' '));
        return forms;
    }

    /** JSON escaping that writes every character outside printable ASCII, and {@code < > & ' =}, as {@code \\uXXXX}. */
    private static String asciiJson(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || "<>&'=".indexOf(c) >= 0) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Lower case one character at a time, so positions in the result are positions in the text. */
    private static String lower(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }
}
