package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.KeyRecipient;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.KeyRotation;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.PendingShare;
import io.qodex.domain.secret.SecretField;
import io.qodex.domain.secret.StoredSecret;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Wrapped keys and rotation (SECURITY.md layer 3), as the signed-in user. */
public final class JdbcKeyRingRepository implements KeyRingRepository {

    private final DataSource pool;

    public JdbcKeyRingRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public int currentVersion(KeyScope scope, long ownerId) {
        return Jdbc.inTransaction(pool, c -> currentVersion(c, scope, ownerId));
    }

    private static int currentVersion(Connection c, KeyScope scope, long ownerId) throws SQLException {
        String sql = scope == KeyScope.PROJECT ? "select key_version from projects where id = ?"
                : "select key_version from organizations where id = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, ownerId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw QodexException.notFound(scope == KeyScope.PROJECT
                            ? "No such project, or you are not a member of it." : "No such organization.");
                }
                return rs.getInt(1);
            }
        }
    }

    @Override
    public Optional<KeyWrap> myWrap(KeyScope scope, long ownerId, int version) {
        String sql = scope == KeyScope.PROJECT
                ? "select user_id, ephemeral_public_key, wrapped_key from project_key_wraps "
                        + "where project_id = ? and key_version = ? and user_id = app_user_id()"
                : "select user_id, ephemeral_public_key, wrapped_key from org_key_wraps "
                        + "where org_id = ? and key_version = ? and user_id = app_user_id()";
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, ownerId);
                p.setInt(2, version);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new KeyWrap(scope, ownerId, version, rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
        });
    }

    @Override
    public List<PendingShare> pendingShares(KeyScope scope) {
        String sql = scope == KeyScope.PROJECT
                ? "select project_id, key_version, user_id, public_key from pending_key_shares()"
                : "select org_id, key_version, user_id, public_key from pending_org_key_shares()";
        return Jdbc.inTransaction(pool, c -> {
            List<PendingShare> shares = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    shares.add(new PendingShare(scope, rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4)));
                }
            }
            return shares;
        });
    }

    @Override
    public void addWraps(List<KeyWrap> wraps) {
        Jdbc.inTransaction(pool, c -> {
            KeyWrapRows.insert(c, wraps);
            return null;
        });
    }

    @Override
    public int createOrgKey(long orgId, KeyWrap wrapForCaller) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select create_org_key(?, ?)")) {
                p.setBytes(1, wrapForCaller.ephemeralPublicKey());
                p.setBytes(2, wrapForCaller.wrappedKey());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public List<KeyRecipient> projectRecipients(long projectId) {
        return Jdbc.inTransaction(pool, c -> recipients(c, projectId));
    }

    private static List<KeyRecipient> recipients(Connection c, long projectId) throws SQLException {
        List<KeyRecipient> recipients = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select user_id, public_key from project_key_recipients(?)")) {
            p.setLong(1, projectId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    recipients.add(new KeyRecipient(rs.getLong(1), rs.getBytes(2)));
                }
            }
        }
        return recipients;
    }

    @Override
    public int rotateProjectKey(long projectId, int expectedVersion, OptionalLong removeUserId, KeyRotation rotation) {
        return Jdbc.inTransaction(pool, c -> {
            if (removeUserId.isPresent()) {
                MemberRows.delete(c, projectId, removeUserId.getAsLong());
            }
            int newVersion;
            try (PreparedStatement p = c.prepareStatement("select begin_key_rotation(?, ?)")) {
                p.setLong(1, projectId);
                p.setInt(2, expectedVersion);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    newVersion = rs.getInt(1);
                }
            }
            KeyWrapRows.insert(c, rotation.wrapsFor(newVersion, recipients(c, projectId)));
            for (SecretField field : SecretField.values()) {
                if (field.scope() == KeyScope.PROJECT) {
                    reencrypt(c, field, projectId, newVersion, rotation);
                }
            }
            return newVersion;
        });
    }

    private static void reencrypt(Connection c, SecretField field, long projectId, int newVersion, KeyRotation rotation)
            throws SQLException {
        List<StoredSecret> stored = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select " + field.idColumn() + ", " + field.column() + " from "
                + field.table() + " where project_id = ? and " + field.column() + " is not null for update")) {
            p.setLong(1, projectId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    stored.add(new StoredSecret(field, projectId, rs.getLong(1), rs.getString(2)));
                }
            }
        }
        if (stored.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("update " + field.table() + " set " + field.column()
                + " = ? where " + field.idColumn() + " = ? and project_id = ?")) {
            for (StoredSecret secret : stored) {
                p.setString(1, rotation.reencrypt(secret, newVersion).ciphertext());
                p.setLong(2, secret.rowId());
                p.setLong(3, projectId);
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            for (int count : counts) {
                if (count != 1) {
                    throw QodexException.notAllowed("Your role does not allow re-encrypting the secrets of this project.");
                }
            }
        }
    }
}
