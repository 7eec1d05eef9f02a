package io.qodex.persistence.repository;

import io.qodex.domain.apikey.ApiKey;
import io.qodex.domain.apikey.ApiKeyRepository;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.secret.ApiKeyGrant;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** A project's API keys through the database's functions, as the signed-in user. */
public final class JdbcApiKeyRepository implements ApiKeyRepository {

    private final DataSource pool;

    public JdbcApiKeyRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<ApiKey> list(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select id, name, prefix, scopes, created_by, created_at, "
                    + "last_used_at, expires_at, revoked_at from project_api_key_list(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    List<ApiKey> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(new ApiKey(rs.getLong(1), rs.getString(2), rs.getString(3),
                                scopes((String[]) rs.getArray(4).getArray()), rs.getString(5),
                                rs.getTimestamp(6).toInstant(), instant(rs.getTimestamp(7)),
                                rs.getTimestamp(8).toInstant(), instant(rs.getTimestamp(9))));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public String create(long projectId, String name, String id, Set<ApiKeyScope> scopes, Instant expiresAt,
                         String scramVerifier, byte[] keyHash, Optional<ApiKeyGrant.Material> share) {
        return Jdbc.inTransaction(pool, c -> {
            String prefix;
            try (PreparedStatement p = c.prepareStatement("select create_api_key(?, ?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, projectId);
                p.setString(2, name);
                p.setString(3, id);
                p.setArray(4, c.createArrayOf("text", scopes.stream().map(ApiKeyScope::code).toArray()));
                p.setTimestamp(5, Timestamp.from(expiresAt));
                p.setString(6, scramVerifier);
                p.setBytes(7, keyHash);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    prefix = rs.getString(1);
                }
            }
            share(c, prefix, share);
            return prefix;
        });
    }

    @Override
    public String rotate(long keyId, String id, String scramVerifier, byte[] keyHash,
                         Optional<ApiKeyGrant.Material> share) {
        return Jdbc.inTransaction(pool, c -> {
            String prefix;
            try (PreparedStatement p = c.prepareStatement("select rotate_api_key(?, ?, ?, ?)")) {
                p.setLong(1, keyId);
                p.setString(2, id);
                p.setString(3, scramVerifier);
                p.setBytes(4, keyHash);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    prefix = rs.getString(1);
                }
            }
            share(c, prefix, share);
            return prefix;
        });
    }

    /** In the minting transaction: the new key's wrapped project key, signed grant and anchor (decision 0031). */
    private static void share(Connection c, String prefix, Optional<ApiKeyGrant.Material> share) throws SQLException {
        if (share.isEmpty()) {
            return;
        }
        ApiKeyGrant.Material m = share.get();
        KeyWrap wrap = m.wrap();
        try (PreparedStatement p = c.prepareStatement("select set_api_key_access(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, prefix);
            p.setBytes(2, m.publicKey());
            p.setBytes(3, m.grantSignature());
            p.setInt(4, m.anchorEpoch());
            p.setBytes(5, m.anchorHead());
            p.setBytes(6, m.anchorMac());
            p.setInt(7, wrap.version());
            p.setBytes(8, wrap.ephemeralPublicKey());
            p.setBytes(9, wrap.wrappedKey());
            p.setBytes(10, wrap.signature().orElseThrow());
            p.execute();
        }
    }

    @Override
    public void revoke(long keyId) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select revoke_api_key(?)")) {
                p.setLong(1, keyId);
                p.execute();
            }
            return null;
        });
    }

    static Set<ApiKeyScope> scopes(String[] codes) {
        Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
        for (String code : codes) {
            scopes.add(ApiKeyScope.parse(code));
        }
        return scopes;
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
