package io.qodex.persistence.server;

/** Names that do not depend on the installation. */
public final class Roles {

    public static final String SCHEMA = "qodex";

    /**
     * The service roles of databases prepared before roles carried the installation id; shared by every such database
     * on a server. {@link LegacyRoles} renames them once, as a superuser.
     */
    static final String LEGACY_OWNER = "qodex_owner";
    static final String LEGACY_USER = "qodex_user";
    static final String LEGACY_SIGNUP = "qodex_signup";
    static final String LEGACY_MAILER = "qodex_mailer";

    private Roles() {
    }
}
