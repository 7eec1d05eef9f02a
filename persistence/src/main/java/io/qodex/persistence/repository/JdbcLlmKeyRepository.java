package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmKeyRepository;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.StoredKey;
import io.qodex.domain.secret.KeyScope;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/** BYOK keys ({@code byok_credentials}) and the org's platform key ({@code org_platform_keys}), as ciphertext. */
public final class JdbcLlmKeyRepository implements LlmKeyRepository {

    private final DataSource pool;

    public JdbcLlmKeyRepository(DataSource pool) {
        this.pool = pool;
    }

    private static String table(KeyScope scope) {
        return scope == KeyScope.PROJECT ? "byok_credentials" : "org_platform_keys";
    }

    private static String owner(KeyScope scope) {
        return scope == KeyScope.PROJECT ? "project_id" : "org_id";
    }

    @Override
    public Optional<StoredKey> find(KeyScope scope, long ownerId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select k.provider, k.last_four, u.email, k.set_at from "
                    + table(scope) + " k left join users u on u.id = k.set_by where k." + owner(scope) + " = ?")) {
                p.setLong(1, ownerId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String setBy = rs.getString(3);
                    return Optional.of(new StoredKey(LlmProvider.parse(rs.getString(1)), rs.getString(2),
                            setBy == null ? (scope == KeyScope.ORG ? "an organization admin" : "a former member") : setBy,
                            rs.getTimestamp(4).toInstant()));
                }
            }
        });
    }

    @Override
    public Optional<String> ciphertext(KeyScope scope, long ownerId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select key_secret from " + table(scope) + " where "
                    + owner(scope) + " = ?")) {
                p.setLong(1, ownerId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(KeyScope scope, long ownerId, LlmProvider provider, String lastFour, String ciphertext) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into " + table(scope) + " (" + owner(scope)
                    + ", provider, key_secret, last_four, set_by, set_at) values (?, ?, ?, ?, app_user_id(), now()) "
                    + "on conflict (" + owner(scope) + ") do update set provider = excluded.provider, "
                    + "key_secret = excluded.key_secret, last_four = excluded.last_four, set_by = excluded.set_by, "
                    + "set_at = excluded.set_at")) {
                p.setLong(1, ownerId);
                p.setString(2, provider.code());
                p.setString(3, ciphertext);
                p.setString(4, lastFour);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean remove(KeyScope scope, long ownerId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("delete from " + table(scope) + " where " + owner(scope) + " = ?")) {
                p.setLong(1, ownerId);
                int deleted = p.executeUpdate();
                if (deleted == 0 && find(scope, ownerId).isPresent()) {
                    throw QodexException.notAllowed("Your role does not allow removing this key.");
                }
                return deleted > 0;
            }
        });
    }
}
