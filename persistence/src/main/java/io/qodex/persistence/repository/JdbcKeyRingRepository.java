package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.ApiKeyGrant;
import io.qodex.domain.secret.KeyCandidate;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.KeyRoster;
import io.qodex.domain.secret.KeyRotation;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.RosterPin;
import io.qodex.domain.secret.SecretField;
import io.qodex.domain.secret.SignedRoster;
import io.qodex.domain.secret.StoredSecret;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Wrapped keys, signed rosters, pins and rotation (docs/security.md, "Secrets"), as the signed-in user. */
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
                ? "select user_id, ephemeral_public_key, wrapped_key, signature, wrapped_by from project_key_wraps "
                        + "where project_id = ? and key_version = ? and user_id = app_user_id()"
                : "select user_id, ephemeral_public_key, wrapped_key, signature, wrapped_by from org_key_wraps "
                        + "where org_id = ? and key_version = ? and user_id = app_user_id()";
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, ownerId);
                p.setInt(2, version);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new KeyWrap(scope, ownerId, version, rs.getLong(1), rs.getBytes(2), rs.getBytes(3),
                            Optional.ofNullable(rs.getBytes(4)), rs.getLong(5)));
                }
            }
        });
    }

    @Override
    public List<SignedRoster> rosters(KeyScope scope, long ownerId, int fromEpoch) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select epoch, body, signature, signer_id from key_rosters "
                    + "where scope = ? and owner_id = ? and epoch >= ? order by epoch")) {
                p.setString(1, RosterRows.scope(scope));
                p.setLong(2, ownerId);
                p.setInt(3, fromEpoch);
                try (ResultSet rs = p.executeQuery()) {
                    List<SignedRoster> rosters = new ArrayList<>();
                    while (rs.next()) {
                        rosters.add(new SignedRoster(scope, ownerId, rs.getInt(1), rs.getBytes(2), rs.getBytes(3),
                                rs.getLong(4)));
                    }
                    return rosters;
                }
            }
        });
    }

    @Override
    public List<KeyCandidate> candidates(KeyScope scope, long ownerId) {
        String sql = scope == KeyScope.PROJECT
                ? "select user_id, email, role, public_key, signing_public_key, holds_key from project_member_list(?) "
                        + "where not invited and role in ('admin', 'member')"
                : "select user_id, email, org_role, public_key, signing_public_key, holds_key from org_member_list(?) "
                        + "where not invited";
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setLong(1, ownerId);
                try (ResultSet rs = p.executeQuery()) {
                    List<KeyCandidate> candidates = new ArrayList<>();
                    while (rs.next()) {
                        candidates.add(new KeyCandidate(rs.getLong(1), rs.getString(2),
                                rs.getString(3).equals("admin") ? KeyRoster.Role.ADMIN : KeyRoster.Role.MEMBER,
                                Optional.ofNullable(rs.getBytes(4)), Optional.ofNullable(rs.getBytes(5)),
                                rs.getBoolean(6)));
                    }
                    return candidates;
                }
            }
        });
    }

    @Override
    public List<ApiKeyGrant> apiKeyGrants(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select key_ref, public_key, grant_signature, created_by, "
                    + "expires_at from api_key_grants(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    List<ApiKeyGrant> grants = new ArrayList<>();
                    while (rs.next()) {
                        grants.add(new ApiKeyGrant(projectId, rs.getString(1), rs.getBytes(2),
                                rs.getTimestamp(5).toInstant(), rs.getLong(4), rs.getBytes(3)));
                    }
                    return grants;
                }
            }
        });
    }

    @Override
    public OptionalLong projectCreator(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select created_by from projects where id = ?")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalLong.empty();
                    }
                    long creator = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(creator);
                }
            }
        });
    }

    @Override
    public Optional<RosterPin> myPin(KeyScope scope, long ownerId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select epoch, head, signature from key_pins "
                    + "where user_id = app_user_id() and scope = ? and owner_id = ?")) {
                p.setString(1, RosterRows.scope(scope));
                p.setLong(2, ownerId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new RosterPin(scope, ownerId, rs.getInt(1), rs.getBytes(2), rs.getBytes(3)))
                            : Optional.<RosterPin>empty();
                }
            }
        });
    }

    @Override
    public void savePin(RosterPin pin) {
        Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into key_pins (user_id, scope, owner_id, epoch, head, "
                    + "signature) values (app_user_id(), ?, ?, ?, ?, ?) on conflict (user_id, scope, owner_id) do update "
                    + "set epoch = excluded.epoch, head = excluded.head, signature = excluded.signature "
                    + "where key_pins.epoch <= excluded.epoch")) {
                p.setString(1, RosterRows.scope(pin.scope()));
                p.setLong(2, pin.ownerId());
                p.setInt(3, pin.epoch());
                p.setBytes(4, pin.head());
                p.setBytes(5, pin.signature());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void appendRoster(SignedRoster roster, List<KeyWrap> wraps) {
        Jdbc.inTransaction(pool, c -> {
            RosterRows.append(c, roster);
            KeyWrapRows.insert(c, wraps);
            return null;
        });
    }

    @Override
    public int createOrgKey(long orgId, KeyWrap wrapForCaller, SignedRoster first) {
        return Jdbc.inTransaction(pool, c -> {
            int version;
            try (PreparedStatement p = c.prepareStatement("select create_org_key(?, ?, ?, ?)")) {
                p.setLong(1, orgId);
                p.setBytes(2, wrapForCaller.ephemeralPublicKey());
                p.setBytes(3, wrapForCaller.wrappedKey());
                p.setBytes(4, wrapForCaller.signature().orElseThrow());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    version = rs.getInt(1);
                }
            }
            if (version == 1 && rosters(c, first) == 0) {
                RosterRows.append(c, first);
            }
            return version;
        });
    }

    private static int rosters(Connection c, SignedRoster roster) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select count(*) from key_rosters where scope = ? and owner_id = ?")) {
            p.setString(1, RosterRows.scope(roster.scope()));
            p.setLong(2, roster.ownerId());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public int rotateProjectKey(long projectId, int expectedVersion, OptionalLong removeUserId, SignedRoster roster,
                                List<KeyWrap> wraps, KeyRotation rotation) {
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
            RosterRows.append(c, roster);
            KeyWrapRows.insert(c, wraps);
            for (SecretField field : SecretField.values()) {
                if (field.scope() == KeyScope.PROJECT) {
                    reencrypt(c, field, projectId, newVersion, rotation, false);
                }
            }
            return newVersion;
        });
    }

    @Override
    public Set<Long> projectsWithStaleSecrets() {
        String sql = Arrays.stream(SecretField.values()).filter(f -> f.scope() == KeyScope.PROJECT)
                .map(f -> "select t.project_id from " + f.table() + " t join projects p on p.id = t.project_id where t."
                        + f.column() + " is not null and t." + f.column() + " not like 'v1.' || p.key_version || '.%'")
                .collect(Collectors.joining(" union "));
        return Jdbc.inTransaction(pool, c -> {
            Set<Long> projects = new TreeSet<>();
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    projects.add(rs.getLong(1));
                }
            }
            return projects;
        });
    }

    @Override
    public int reencryptStale(long projectId, int currentVersion, KeyRotation rotation) {
        return Jdbc.inTransaction(pool, c -> {
            int reencrypted = 0;
            for (SecretField field : SecretField.values()) {
                if (field.scope() == KeyScope.PROJECT) {
                    reencrypted += reencrypt(c, field, projectId, currentVersion, rotation, true);
                }
            }
            return reencrypted;
        });
    }

    /**
     * Re-encrypts the project's secrets of one column under {@code newVersion} (only those under another version if
     * {@code onlyStale}). Rows someone else holds locked are skipped, not waited for: a writer who keeps a
     * transaction open cannot hold up a rotation; the sweep takes those rows later.
     */
    private static int reencrypt(Connection c, SecretField field, long projectId, int newVersion, KeyRotation rotation,
                                 boolean onlyStale) throws SQLException {
        List<StoredSecret> stored = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select " + field.idColumn() + ", " + field.column() + " from "
                + field.table() + " where project_id = ? and " + field.column() + " is not null"
                + (onlyStale ? " and " + field.column() + " not like 'v1.' || ? || '.%'" : "")
                + " for update skip locked")) {
            p.setLong(1, projectId);
            if (onlyStale) {
                p.setInt(2, newVersion);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    stored.add(new StoredSecret(field, projectId, rs.getLong(1), rs.getString(2)));
                }
            }
        }
        if (stored.isEmpty()) {
            return 0;
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
        return stored.size();
    }
}
