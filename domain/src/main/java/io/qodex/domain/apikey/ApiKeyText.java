package io.qodex.domain.apikey;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key as its holder has it: {@code qdx_<prefix>_<secret>}. The prefix is public (it is listed): the database's
 * installation id (6 characters), the key's own id (8, which names its login {@code qx_<installation>_k_<id>}) and its
 * expiry in minutes since 1970 (7, base32), so that a client can tell an expired key from a wrong one. The secret is
 * 256 random bits in 52 characters of base32; the database keeps only its SCRAM verifier. {@link #toString()} never
 * shows the secret.
 */
public final class ApiKeyText implements AutoCloseable {

    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Pattern FORMAT = Pattern.compile("qdx_([a-z2-7]{6})([a-z2-7]{8})([a-z2-7]{7})_([a-z2-7]{52})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String installation;
    private final String id;
    private final String expiry;
    private final Secret secret;

    private ApiKeyText(String installation, String id, String expiry, Secret secret) {
        this.installation = installation;
        this.id = id;
        this.expiry = expiry;
        this.secret = secret;
    }

    /** Reads a key (surrounding white space ignored); a malformed one is refused without echoing it. */
    public static ApiKeyText parse(Secret text) {
        Matcher matcher = FORMAT.matcher(text.reveal().strip());
        if (!matcher.matches()) {
            throw QodexException.invalid("QODEX_API_KEY", "QODEX_API_KEY is not a Qodex API key (qdx_<prefix>_<secret>, "
                    + "as \"qodex api-keys create\" printed it).");
        }
        return new ApiKeyText(matcher.group(1), matcher.group(2), matcher.group(3), Secret.copyOf(matcher.group(4)));
    }

    /** The parts a new key is made of, before the database names its prefix: an id and a secret. */
    public record Fresh(String id, Secret secret) {
        public static Fresh generate() {
            return new Fresh(random(8), Secret.copyOf(random(52)));
        }

        @Override
        public String toString() {
            return "Fresh[id=" + id + ", secret=***]";
        }
    }

    /** The key once the database has its prefix (installation + id + expiry). */
    public static ApiKeyText of(String prefix, Secret secret) {
        return parse(Secret.copyOf("qdx_" + prefix + "_" + secret.reveal()));
    }

    public String prefix() {
        return installation + id + expiry;
    }

    /** The key's 8-character id (in its prefix and its login's name). */
    public String id() {
        return id;
    }

    /** The key's login: {@code qx_<installation>_k_<id>}. */
    public String roleName() {
        return "qx_" + installation + "_k_" + id;
    }

    public Instant expiresAt() {
        long minutes = 0;
        for (char c : expiry.toCharArray()) {
            minutes = minutes * 32 + ALPHABET.indexOf(c);
        }
        return Instant.ofEpochSecond(minutes * 60);
    }

    public Secret secret() {
        return secret;
    }

    /** The whole key, for printing it once. */
    public Secret text() {
        return Secret.copyOf("qdx_" + prefix() + "_" + secret.reveal());
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    @Override
    public void close() {
        secret.close();
    }

    @Override
    public String toString() {
        return "qdx_" + prefix() + "_***";
    }
}
