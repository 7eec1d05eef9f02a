package io.qodex.domain.account;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * F1 password rules: at least 12 characters, not a common password (nor a trivial variation of one), not the
 * email address. {@link #problems} lists every rule a candidate breaks, for "as you type" feedback.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private final Set<String> common;

    private PasswordPolicy(Set<String> common) {
        this.common = common;
    }

    /** The policy with the bundled list of common passwords. */
    public static PasswordPolicy standard() {
        return Holder.STANDARD;
    }

    public List<String> problems(Secret password, String email) {
        List<String> problems = new ArrayList<>();
        char[] chars = password.chars();
        try {
            if (chars.length < MIN_LENGTH) {
                problems.add("Use at least " + MIN_LENGTH + " characters (" + chars.length + " so far).");
            }
            if (chars.length > MAX_LENGTH) {
                problems.add("Use at most " + MAX_LENGTH + " characters.");
            }
            String lower = new String(chars).toLowerCase(Locale.ROOT);
            if (chars.length > 0 && isCommon(lower)) {
                problems.add("This is a commonly used password; choose another.");
            } else if (chars.length > 0 && isMonotonous(lower)) {
                problems.add("Avoid a single repeated character or a plain sequence.");
            }
            String local = email.contains("@") ? email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT) : "";
            if (local.length() >= 4 && lower.contains(local)) {
                problems.add("Do not put your email address in the password.");
            }
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
        return problems;
    }

    public void check(Secret password, String email) {
        List<String> problems = problems(password, email);
        if (!problems.isEmpty()) {
            throw QodexException.invalid("password", "The password is too weak: " + String.join(" ", problems));
        }
    }

    private boolean isCommon(String lower) {
        if (common.contains(lower)) {
            return true;
        }
        String stripped = lower.replaceAll("[^a-z0-9]+$", "").replaceAll("[0-9]+$", "");
        return stripped.length() >= 6 && common.contains(stripped)
                || common.contains(lower.replaceAll("[0-9!@#$%^&*.]+$", ""));
    }

    private static boolean isMonotonous(String lower) {
        if (lower.chars().distinct().count() <= 2) {
            return true;
        }
        boolean ascending = true;
        boolean descending = true;
        for (int i = 1; i < lower.length(); i++) {
            int step = lower.charAt(i) - lower.charAt(i - 1);
            ascending &= step == 1;
            descending &= step == -1;
        }
        return ascending || descending;
    }

    private static final class Holder {
        static final PasswordPolicy STANDARD = new PasswordPolicy(load());

        private static Set<String> load() {
            Set<String> words = new HashSet<>();
            try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
                if (in == null) {
                    throw new IllegalStateException("common-passwords.txt is missing from the domain jar");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String word = line.strip().toLowerCase(Locale.ROOT);
                    if (!word.isEmpty() && !word.startsWith("#")) {
                        words.add(word);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Set.copyOf(words);
        }
    }
}
