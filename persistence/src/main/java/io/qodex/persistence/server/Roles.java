package io.qodex.persistence.server;

/** The group and service roles of SECURITY.md layer 1; global to a PostgreSQL server, created idempotently. */
public final class Roles {

    /** Owns the schema and runs Flyway; never given to clients. Has CREATEROLE to create user login roles. */
    public static final String OWNER = "qodex_owner";
    /** The group of every user login role; holds the table grants that row-level security narrows. */
    public static final String USER = "qodex_user";
    /** Low-privilege login that can only run the sign-up functions; its password ships with connection settings. */
    public static final String SIGNUP = "qodex_signup";
    /** The mail relay's login: reads and marks the outbox. */
    public static final String MAILER = "qodex_mailer";

    public static final String SCHEMA = "qodex";

    private Roles() {
    }
}
