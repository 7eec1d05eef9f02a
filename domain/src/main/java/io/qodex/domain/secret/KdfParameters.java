package io.qodex.domain.secret;

import io.qodex.domain.common.QodexException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Argon2id parameters of an account, as stored with it and read before sign-in. Everything read from the database
 * is bounded before use: a planted {@code m=4000000} must not make a client allocate gigabytes, nor {@code t=1} make a
 * password cheap to guess.
 *
 * <p>Two formats: {@code qodex-kdf-v2;argon2id;v=19;m=…;t=…;p=…;salt=…} (one run gives the login password and the
 * sealing key, docs/security.md "Passwords"), and the legacy {@code argon2id;v=19;…} of accounts made before it, whose
 * PostgreSQL password was the user's password itself; they move to v2 at their next sign-in.
 */
public record KdfParameters(boolean legacy, int memoryKiB, int iterations, int parallelism, byte[] salt) {

    public static final int MIN_MEMORY_KIB = 19 * 1024;
    public static final int MAX_MEMORY_KIB = 256 * 1024; // a larger one would not fit a small JVM heap
    public static final int MIN_ITERATIONS = 2;
    public static final int MAX_ITERATIONS = 10;
    public static final int MAX_PARALLELISM = 4;
    private static final String V2 = "qodex-kdf-v2;argon2id";
    private static final String LEGACY = "argon2id";

    public KdfParameters {
        salt = salt.clone();
        if (memoryKiB < MIN_MEMORY_KIB || memoryKiB > MAX_MEMORY_KIB || iterations < MIN_ITERATIONS
                || iterations > MAX_ITERATIONS || parallelism < 1 || parallelism > MAX_PARALLELISM || salt.length < 16
                || salt.length > 64) {
            throw QodexException.integrity("The account's key-derivation parameters are out of bounds (m=" + memoryKiB
                    + " KiB, t=" + iterations + ", p=" + parallelism + ", salt " + salt.length + " bytes): refused.");
        }
    }

    public static KdfParameters parse(String text) {
        String prefix;
        boolean legacy;
        if (text != null && text.startsWith(V2 + ";")) {
            prefix = V2;
            legacy = false;
        } else if (text != null && text.startsWith(LEGACY + ";")) {
            prefix = LEGACY;
            legacy = true;
        } else {
            throw QodexException.integrity("The account's keys are sealed with an unknown method.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.substring(prefix.length() + 1).split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                values.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            return new KdfParameters(legacy, Integer.parseInt(values.get("m")), Integer.parseInt(values.get("t")),
                    Integer.parseInt(values.get("p")), Base64.getDecoder().decode(values.get("salt")));
        } catch (NumberFormatException | NullPointerException e) {
            throw QodexException.integrity("The account's key-derivation parameters are incomplete.");
        } catch (IllegalArgumentException e) {
            throw QodexException.integrity("The account's key-derivation salt is not base64.");
        }
    }

    public String format() {
        return (legacy ? LEGACY : V2) + ";v=19;m=" + memoryKiB + ";t=" + iterations + ";p=" + parallelism + ";salt="
                + Base64.getEncoder().encodeToString(salt);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KdfParameters that && format().equals(that.format());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "KdfParameters[" + (legacy ? "legacy " : "") + "m=" + memoryKiB + " t=" + iterations + " p=" + parallelism + "]";
    }
}
