package io.qodex.persistence.server;

import java.security.SecureRandom;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Qodex database and the PostgreSQL roles that belong to it alone. Roles are global to a server while data is
 * per database, so every service role carries the installation id in its name ({@code qx_<id>_owner},
 * {@code qx_<id>_users}, {@code qx_<id>_signup}, {@code qx_<id>_mailer}): preparing a second database on the same
 * server creates its own roles and never touches another installation's (docs/security.md, "Service roles").
 */
public record Installation(String id) {

    private static final Pattern ID = Pattern.compile("^[a-z2-7]{6}$");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    public Installation {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("An installation id is 6 characters of a-z and 2-7: \"" + id + "\"");
        }
    }

    public static Installation generate() {
        StringBuilder id = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new Installation(id.toString());
    }

    /** Owns the schema and runs the migrations; creates user login roles. Never given to clients. */
    public String ownerRole() {
        return "qx_" + id + "_owner";
    }

    /** The group every user login role is in; holds the table grants that row-level security narrows. */
    public String userRole() {
        return "qx_" + id + "_users";
    }

    /** The low-privilege login whose password ships with the client settings: it can only run the account functions. */
    public String signupRole() {
        return "qx_" + id + "_signup";
    }

    /** The mail relay's login: reads and marks the outbox. */
    public String mailerRole() {
        return "qx_" + id + "_mailer";
    }

    /** The Flyway placeholders the migrations use for these names. */
    public Map<String, String> placeholders() {
        return Map.of("install_id", id, "owner_role", ownerRole(), "user_role", userRole(), "signup_role", signupRole(),
                "mailer_role", mailerRole());
    }
}
