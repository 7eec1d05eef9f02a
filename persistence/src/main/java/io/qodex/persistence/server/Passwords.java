package io.qodex.persistence.server;

import java.security.SecureRandom;
import java.util.Base64;

/** Random service passwords: 192 bits, URL-safe base64 (no quoting trouble anywhere). */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
