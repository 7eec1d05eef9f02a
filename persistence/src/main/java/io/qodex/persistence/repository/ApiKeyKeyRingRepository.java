package io.qodex.persistence.repository;

import io.qodex.domain.apikey.CiKeys;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.secret.ApiKeyGrant;
import io.qodex.domain.secret.KeyCandidate;
import io.qodex.domain.secret.KeyRingRepository;
import io.qodex.domain.secret.KeyRotation;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.RosterPin;
import io.qodex.domain.secret.SignedRoster;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The key ring's reads on an API key's connection (decision 0031): the key's own wraps, the project's rosters and
 * current version, and the anchor. A key changes nothing of who holds which key; it keeps no pin in the database
 * (its anchor is its pin).
 */
public final class ApiKeyKeyRingRepository implements KeyRingRepository {

    private final DataSource keyConnection;
    private final long recipient;

    /** {@code keyId}: the key's 8-character id (its wraps name {@link ApiKeyGrant#recipient(String)}). */
    public ApiKeyKeyRingRepository(DataSource keyConnection, String keyId) {
        this.keyConnection = keyConnection;
        this.recipient = ApiKeyGrant.recipient(keyId);
    }

    /** The key's public key and anchor, as the database holds them (the caller verifies them). */
    public CiKeys.Anchor anchor() {
        return Jdbc.inTransaction(keyConnection, c -> {
            try (PreparedStatement p = c.prepareStatement("select project_id, public_key, anchor_epoch, anchor_head, "
                    + "anchor_mac from ci_key_anchor()");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw QodexException.notFound("The key's project is gone.");
                }
                byte[] head = rs.getBytes(4);
                byte[] mac = rs.getBytes(5);
                return new CiKeys.Anchor(rs.getLong(1), Optional.ofNullable(rs.getBytes(2)), rs.getInt(3),
                        head == null ? new byte[0] : head, mac == null ? new byte[0] : mac);
            }
        });
    }

    @Override
    public int currentVersion(KeyScope scope, long ownerId) {
        requireProject(scope);
        return Jdbc.inTransaction(keyConnection, c -> {
            try (PreparedStatement p = c.prepareStatement("select key_version from ci_key_anchor()");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw QodexException.notFound("The key's project is gone.");
                }
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<KeyWrap> myWrap(KeyScope scope, long ownerId, int version) {
        requireProject(scope);
        return Jdbc.inTransaction(keyConnection, c -> {
            try (PreparedStatement p = c.prepareStatement("select ephemeral_public_key, wrapped_key, signature, "
                    + "wrapped_by from ci_key_wrap(?)")) {
                p.setInt(1, version);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new KeyWrap(KeyScope.PROJECT, ownerId, version, recipient, rs.getBytes(1),
                            rs.getBytes(2)).signed(rs.getBytes(3), rs.getLong(4)));
                }
            }
        });
    }

    @Override
    public List<SignedRoster> rosters(KeyScope scope, long ownerId, int fromEpoch) {
        requireProject(scope);
        return Jdbc.inTransaction(keyConnection, c -> {
            try (PreparedStatement p = c.prepareStatement("select epoch, body, signature, signer_id "
                    + "from ci_key_rosters(?)")) {
                p.setInt(1, fromEpoch);
                try (ResultSet rs = p.executeQuery()) {
                    List<SignedRoster> rosters = new ArrayList<>();
                    while (rs.next()) {
                        rosters.add(new SignedRoster(KeyScope.PROJECT, ownerId, rs.getInt(1), rs.getBytes(2),
                                rs.getBytes(3), rs.getLong(4)));
                    }
                    return rosters;
                }
            }
        });
    }

    @Override
    public Optional<RosterPin> myPin(KeyScope scope, long ownerId) {
        return Optional.empty();
    }

    @Override
    public void savePin(RosterPin pin) {
        // the anchor is the key's pin
    }

    @Override
    public OptionalLong projectCreator(long projectId) {
        return OptionalLong.empty(); // never asked: a key's chain starts at its anchor
    }

    @Override
    public List<ApiKeyGrant> apiKeyGrants(long projectId) {
        throw refused();
    }

    @Override
    public List<KeyCandidate> candidates(KeyScope scope, long ownerId) {
        throw refused();
    }

    @Override
    public void appendRoster(SignedRoster roster, List<KeyWrap> wraps) {
        throw refused();
    }

    @Override
    public int createOrgKey(long orgId, KeyWrap wrapForCaller, SignedRoster first) {
        throw refused();
    }

    @Override
    public int rotateProjectKey(long projectId, int expectedVersion, OptionalLong removeUserId, SignedRoster roster,
                                List<KeyWrap> wraps, KeyRotation rotation) {
        throw refused();
    }

    @Override
    public int reencryptStale(long projectId, int currentVersion, KeyRotation rotation) {
        throw refused();
    }

    @Override
    public Set<Long> projectsWithStaleSecrets() {
        return Set.of();
    }

    private static void requireProject(KeyScope scope) {
        if (scope != KeyScope.PROJECT) {
            throw QodexException.notAllowed("An API key holds no organization key.");
        }
    }

    private static QodexException refused() {
        return QodexException.notAllowed("An API key cannot change who holds the project key.");
    }
}
