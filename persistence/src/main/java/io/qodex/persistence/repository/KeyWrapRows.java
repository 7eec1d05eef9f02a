package io.qodex.persistence.repository;

import io.qodex.domain.secret.ApiKeyGrant;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Inserting key wraps (project or org); row-level security admits only what the caller may share, a trigger stamps the wrapper. */
final class KeyWrapRows {

    private KeyWrapRows() {
    }

    static void insert(Connection c, List<KeyWrap> wraps) throws SQLException {
        for (KeyScope scope : KeyScope.values()) {
            String table = scope == KeyScope.PROJECT ? "project_key_wraps" : "org_key_wraps";
            String owner = scope == KeyScope.PROJECT ? "project_id" : "org_id";
            try (PreparedStatement p = c.prepareStatement("insert into " + table + " (" + owner
                    + ", user_id, key_version, ephemeral_public_key, wrapped_key, signature) "
                    + "values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                int batched = 0;
                for (KeyWrap wrap : wraps) {
                    if (wrap.scope() != scope || wrap.recipientUserId() < 0) {
                        continue;
                    }
                    p.setLong(1, wrap.ownerId());
                    p.setLong(2, wrap.recipientUserId());
                    p.setInt(3, wrap.version());
                    p.setBytes(4, wrap.ephemeralPublicKey());
                    p.setBytes(5, wrap.wrappedKey());
                    p.setBytes(6, wrap.signature().orElse(null));
                    p.addBatch();
                    batched++;
                }
                if (batched > 0) {
                    p.executeBatch();
                }
            }
        }
        insertForApiKeys(c, wraps);
    }

    /** After the people's wraps (the database wants the writer to hold the version): those for API keys (decision 0031). */
    private static void insertForApiKeys(Connection c, List<KeyWrap> wraps) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select add_api_key_wrap(?, ?, ?, ?, ?, ?)")) {
            for (KeyWrap wrap : wraps) {
                if (wrap.scope() != KeyScope.PROJECT || wrap.recipientUserId() >= 0) {
                    continue;
                }
                p.setLong(1, wrap.ownerId());
                p.setString(2, ApiKeyGrant.keyIdOf(wrap.recipientUserId()));
                p.setInt(3, wrap.version());
                p.setBytes(4, wrap.ephemeralPublicKey());
                p.setBytes(5, wrap.wrappedKey());
                p.setBytes(6, wrap.signature().orElseThrow());
                p.execute();
            }
        }
    }
}
