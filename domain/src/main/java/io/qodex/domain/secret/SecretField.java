package io.qodex.domain.secret;

/**
 * Every column that stores a secret, as {@code table.column}; part of each value's associated data, so a value
 * copied to another column, row or project fails to decrypt.
 */
public enum SecretField {
    ENVIRONMENT_VARIABLE(KeyScope.PROJECT, "environment_variables", "secret_value", "id"),
    AUTH_PASSWORD(KeyScope.PROJECT, "auth_profiles", "password_secret", "id"),
    AUTH_STATIC_TOKEN(KeyScope.PROJECT, "auth_profiles", "static_token_secret", "id"),
    AUTH_SESSION(KeyScope.PROJECT, "auth_profiles", "session_secret", "id"),
    /** The bearer token seen while replaying the UI login (F8), the last resort of the token precedence (F7). */
    AUTH_SESSION_BEARER(KeyScope.PROJECT, "auth_profiles", "session_bearer_secret", "id"),
    BYOK_KEY(KeyScope.PROJECT, "byok_credentials", "key_secret", "project_id"),
    PLATFORM_KEY(KeyScope.ORG, "org_platform_keys", "key_secret", "org_id");

    private final KeyScope scope;
    private final String table;
    private final String column;
    private final String idColumn;

    SecretField(KeyScope scope, String table, String column, String idColumn) {
        this.scope = scope;
        this.table = table;
        this.column = column;
        this.idColumn = idColumn;
    }

    /** The column whose value is the "row id" of the associated data. */
    public String idColumn() {
        return idColumn;
    }

    /** The column naming the project or organization that owns the row. */
    public String ownerColumn() {
        return scope == KeyScope.PROJECT ? "project_id" : "org_id";
    }

    public KeyScope scope() {
        return scope;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public String qualifiedName() {
        return table + "." + column;
    }

    /** {@code <owner id>|<table.column>|<row id>} */
    public String associatedData(long ownerId, long rowId) {
        return ownerId + "|" + qualifiedName() + "|" + rowId;
    }
}
