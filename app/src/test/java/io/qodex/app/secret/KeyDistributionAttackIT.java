package io.qodex.app.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyRing;
import io.qodex.domain.secret.KeyRoster;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.SecretField;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, "Who receives keys": the attacker can write rows (a database administrator, the owner login, a
 * taken-over account). A planted member row, a replaced public key, a planted wrap, an unsigned key version, a forged
 * or rolled-back roster: none yields a secret, and each refusal says what was refused.
 */
class KeyDistributionAttackIT {

    private static final String PASSWORD = "granite-pelican-46v";

    private static TestDatabase db;
    private static Backend backend;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        backend = TestBackends.open(db);
        for (String name : List.of("root", "alice", "bob", "carol", "mallory", "erin")) {
            backend.accounts().signUp(name + "@example.com", Secret.copyOf(PASSWORD));
            if (name.equals("root")) { // the first to verify administers the organization and invites the others
                verify(name);
                try (Workspace root = signIn("root")) {
                    io.qodex.app.testing.Organizations.invite(root, "alice@example.com", "bob@example.com",
                            "carol@example.com", "mallory@example.com", "erin@example.com");
                }
            } else {
                verify(name); // verifying the invited address joins the organization
            }
        }
        try (Workspace root = signIn("root")) {
            root.completePendingKeyWork(); // the organization key, with its first roster
        }
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        db.close();
    }

    private static void verify(String name) {
        backend.accounts().verify(name + "@example.com", db.codeFromMail(name + "@example.com", "Verification code"),
                Secret.copyOf(PASSWORD));
    }

    private static Workspace signIn(String name) {
        return backend.signIn(name + "@example.com", Secret.copyOf(PASSWORD));
    }

    /** A project of alice's with bob and carol confirmed as Members. */
    private static Project project(String slug) {
        try (Workspace alice = signIn("alice")) {
            Project project = alice.projects().create(slug, slug);
            Memberships.join(backend, alice, project, "bob@example.com", PASSWORD, ProjectRole.MEMBER);
            Memberships.join(backend, alice, project, "carol@example.com", PASSWORD, ProjectRole.MEMBER);
            return alice.projects().bySlug(slug);
        }
    }

    @Test
    void aPlantedMemberRowGetsNoKeyAndCannotSign() throws SQLException {
        Project vault = project("planted");
        long mallory = userId("mallory");
        owner("insert into qodex.project_members (project_id, user_id, role) values (" + vault.id() + ", " + mallory
                + ", 'admin')");
        try (Workspace alice = signIn("alice")) {
            alice.completePendingKeyWork(); // an Admin coming online shares nothing by itself
            Member planted = Memberships.member(alice, vault, "mallory@example.com");
            assertThat(planted.keyState()).isEqualTo(Member.KeyState.WAITING_FOR_CONFIRMATION);
        }
        assertThat(count("select count(*) from qodex.project_key_wraps where user_id = " + mallory)).isZero();
        try (Workspace attacker = signIn("mallory")) {
            assertRefused(() -> attacker.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.NOT_ALLOWED,
                    "You hold no key of this project");
            // an Admin in the database only: not an Admin in the signed roster, so she cannot confirm herself
            assertRefused(() -> attacker.keyRing().confirm(KeyScope.PROJECT, vault.id(),
                            java.util.Map.of(mallory, attacker.keyRing().myFingerprint())),
                    Problem.NOT_ALLOWED, "not an Admin in the signed key roster");
        }
    }

    @Test
    void aReplacedPublicKeyIsShownAsChangedAndGetsNoWrap() throws SQLException {
        Project vault = project("replaced");
        long bob = userId("bob");
        String bobKeys = "select public_key, signing_public_key from qodex.user_keys where user_id = " + bob;
        byte[][] original = keys(bob);
        owner("update qodex.user_keys b set public_key = m.public_key, signing_public_key = m.signing_public_key "
                + "from qodex.user_keys m where b.user_id = " + bob + " and m.user_id = " + userId("mallory"));
        try (Workspace alice = signIn("alice")) {
            assertThat(Memberships.member(alice, vault, "bob@example.com").keyState()).isEqualTo(Member.KeyState.KEY_CHANGED);
            KeyRing.Rotation rotation = alice.projects().rotateKey(vault, OptionalLong.empty());
            assertThat(rotation.leftOut()).containsExactly("bob@example.com");
            assertThat(count("select count(*) from qodex.project_key_wraps where user_id = " + bob + " and project_id = "
                    + vault.id() + " and key_version = " + rotation.version())).isZero();
            assertThat(count("select count(*) from qodex.project_key_wraps where project_id = " + vault.id()
                    + " and key_version = " + rotation.version())).isEqualTo(2); // alice and carol
        } finally {
            try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                    "update qodex.user_keys set public_key = ?, signing_public_key = ? where user_id = ?")) {
                p.setBytes(1, original[0]);
                p.setBytes(2, original[1]);
                p.setLong(3, bob);
                p.executeUpdate();
            }
        }
        assertThat(bobKeys).isNotEmpty();
    }

    @Test
    void keysSwappedBetweenTheComparisonAndTheConfirmationAreRefused() throws SQLException {
        Project vault = project("swapped");
        long erin = userId("erin");
        try (Workspace alice = signIn("alice")) {
            alice.members().invite(vault, "erin@example.com", ProjectRole.MEMBER);
            try (Workspace erinSession = signIn("erin")) {
                erinSession.members().accept(erinSession.members().invitation("swapped"));
            }
            Member listed = Memberships.member(alice, vault, "erin@example.com"); // the fingerprint alice compares
            byte[][] original = keys(erin);
            owner("update qodex.user_keys e set public_key = m.public_key, signing_public_key = m.signing_public_key "
                    + "from qodex.user_keys m where e.user_id = " + erin + " and m.user_id = " + userId("mallory"));
            try {
                assertRefused(() -> alice.members().confirm(vault, listed), Problem.INTEGRITY,
                        "changed while you were confirming");
            } finally {
                try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                        "update qodex.user_keys set public_key = ?, signing_public_key = ? where user_id = ?")) {
                    p.setBytes(1, original[0]);
                    p.setBytes(2, original[1]);
                    p.setLong(3, erin);
                    p.executeUpdate();
                }
            }
        }
        assertThat(count("select count(*) from qodex.project_key_wraps where user_id = " + erin)).isZero();
        assertThat(count("select count(*) from qodex.key_rosters where owner_id = " + vault.id() + " and scope = 'project' "
                + "and convert_from(body, 'UTF8') like '%erin@example.com%'")).isZero();
    }

    @Test
    void aPlantedWrapOfAnotherKeyIsRefused() throws SQLException {
        Project vault = project("wrapped");
        long carol = userId("carol");
        byte[] carolPublic = keys(carol)[0];
        try (Workspace attacker = signIn("mallory"); SymmetricKey chosen = backend.crypto().newSymmetricKey(vault.keyVersion())) {
            KeyWrap planted = backend.crypto().wrap(chosen, KeyScope.PROJECT, vault.id(), carol, carolPublic,
                    attacker.user().key());
            owner("delete from qodex.project_key_wraps where user_id = " + carol + " and project_id = " + vault.id());
            insertWrap(vault.id(), carol, vault.keyVersion(), planted, true, userId("mallory"));
        }
        try (Workspace victim = signIn("carol")) {
            assertRefused(() -> victim.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.INTEGRITY,
                    "holds another key than the one its Admins signed");
            assertRefused(() -> victim.secrets().encrypt(SecretField.ENVIRONMENT_VARIABLE, vault.id(), 1,
                    Secret.copyOf("written-under-the-attackers-key")), Problem.INTEGRITY, "refused");
        }
        // the same wrap without its signature is refused before it is even opened
        try (Workspace attacker = signIn("mallory"); SymmetricKey chosen = backend.crypto().newSymmetricKey(vault.keyVersion())) {
            KeyWrap planted = backend.crypto().wrap(chosen, KeyScope.PROJECT, vault.id(), carol, carolPublic,
                    attacker.user().key());
            owner("delete from qodex.project_key_wraps where user_id = " + carol + " and project_id = " + vault.id());
            insertWrap(vault.id(), carol, vault.keyVersion(), planted, false, userId("mallory"));
        }
        try (Workspace victim = signIn("carol")) {
            assertRefused(() -> victim.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.INTEGRITY, "is not signed");
        }
    }

    @Test
    void anUnsignedKeyVersionIsNeverEncryptedUnder() throws SQLException {
        Project vault = project("unsigned");
        long alice = userId("alice");
        int next = vault.keyVersion() + 1;
        try (Workspace attacker = signIn("mallory"); Workspace admin = signIn("alice");
             SymmetricKey chosen = backend.crypto().newSymmetricKey(next)) {
            KeyWrap planted = backend.crypto().wrap(chosen, KeyScope.PROJECT, vault.id(), alice,
                    admin.user().key().publicKey(), attacker.user().key());
            owner("insert into qodex.project_keys (project_id, version) values (" + vault.id() + ", " + next + ")");
            owner("update qodex.projects set key_version = " + next + " where id = " + vault.id());
            insertWrap(vault.id(), alice, next, planted, true, userId("mallory"));
        }
        try (Workspace admin = signIn("alice")) {
            assertRefused(() -> admin.secrets().encrypt(SecretField.ENVIRONMENT_VARIABLE, vault.id(), 1,
                    Secret.copyOf("would-be-readable-by-the-attacker")), Problem.INTEGRITY,
                    "Key version " + next + " of project #" + vault.id() + " is not signed by an Admin");
        }
    }

    @Test
    void aForgedOrRolledBackRosterIsRefused() throws SQLException {
        Project vault = project("forged");
        long mallory = userId("mallory");
        int epoch;
        try (Workspace alice = signIn("alice")) {
            epoch = alice.keyRing().roster(KeyScope.PROJECT, vault.id()).orElseThrow().roster().epoch(); // pinned
        }
        KeyRoster latest = KeyRoster.parse(bytes("select body from qodex.key_rosters where scope = 'project' and owner_id = "
                + vault.id() + " and epoch = " + epoch));
        try (Workspace attacker = signIn("mallory")) {
            List<KeyRoster.Member> members = new java.util.ArrayList<>(latest.members());
            members.add(new KeyRoster.Member(mallory, KeyRoster.Role.ADMIN, attacker.user().key().publicKey(),
                    attacker.user().key().signingPublicKey(), "mallory@example.com"));
            byte[] body = latest.next(members).body();
            try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                    "insert into qodex.key_rosters (scope, owner_id, epoch, body, signature, signer_id) values "
                            + "('project', ?, ?, ?, ?, ?)")) {
                p.setLong(1, vault.id());
                p.setInt(2, epoch + 1);
                p.setBytes(3, body);
                p.setBytes(4, backend.crypto().sign(attacker.user().key(), body));
                p.setLong(5, mallory);
                p.executeUpdate();
            }
        }
        try (Workspace alice = signIn("alice")) {
            assertRefused(() -> alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.INTEGRITY,
                    "who was not an Admin at epoch " + epoch);
        }
        // the forgery removed, then the latest genuine roster too: a client that verified it notices
        owner("delete from qodex.key_rosters where scope = 'project' and owner_id = " + vault.id() + " and epoch >= " + epoch);
        try (Workspace alice = signIn("alice")) {
            assertRefused(() -> alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.INTEGRITY,
                    "epoch " + epoch);
        }
    }

    @Test
    void deletedRostersAreNoticedWhereTheyWereVerifiedAndElsewhereTheAdminTrustsOnlyHerself() throws SQLException {
        Project vault = project("deleted");
        try (Workspace alice = signIn("alice")) {
            alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()); // verified and pinned here, in her files too
        }
        owner("delete from qodex.key_rosters where scope = 'project' and owner_id = " + vault.id());
        owner("delete from qodex.key_pins where owner_id = " + vault.id());
        try (Workspace alice = signIn("alice")) {
            alice.completePendingKeyWork(); // must not sign a new first roster over what she verified
            assertRefused(() -> alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()), Problem.INTEGRITY,
                    "missing from the database although you verified epoch");
        }
        assertThat(count("select count(*) from qodex.key_rosters where owner_id = " + vault.id())).isZero();
        // on another computer (no pins left anywhere) her client signs a first roster naming herself alone: everyone
        // else waits for her confirmation again, nothing the database lists is trusted
        try (Backend elsewhere = TestBackends.open(TestBackends.environment(db));
             Workspace alice = elsewhere.signIn("alice@example.com", Secret.copyOf(PASSWORD))) {
            alice.completePendingKeyWork();
            KeyRoster first = alice.keyRing().roster(KeyScope.PROJECT, vault.id()).orElseThrow().roster();
            assertThat(first.origin()).isEqualTo(KeyRoster.Origin.MIGRATED);
            assertThat(first.members()).extracting(KeyRoster.Member::email).containsExactly("alice@example.com");
            assertThat(Memberships.member(alice, vault, "bob@example.com").keyState())
                    .isEqualTo(Member.KeyState.WAITING_FOR_CONFIRMATION);
        }
    }

    @Test
    void theOrganizationKeyGoesOnlyToMembersAnOrgAdminConfirmed() throws SQLException {
        long bob = userId("bob");
        try (Workspace root = signIn("root")) {
            root.completePendingKeyWork();
            assertThat(count("select count(*) from qodex.org_key_wraps where user_id = " + bob)).isZero();
            assertThat(root.orgKeys().waiting()).extracting(w -> w.candidate().email()).contains("bob@example.com");
            try (Workspace bobSession = signIn("bob")) {
                assertRefused(() -> root.orgKeys().confirm("bob@example.com", Optional.of("wrong words entirely")),
                        Problem.INTEGRITY, "not confirmed");
                root.orgKeys().confirm("bob@example.com", Optional.of(bobSession.keyRing().myFingerprint().phrase()
                        .toUpperCase()));
            }
        }
        assertThat(count("select count(*) from qodex.org_key_wraps where user_id = " + bob)).isEqualTo(1);
        try (Workspace bobSession = signIn("bob")) {
            assertThat(bobSession.keyRing().currentKey(KeyScope.ORG, bobSession.account().orgId()).version()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRefused(ThrowingCallable call, Problem problem, String says) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QodexException.class, e -> {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(says);
        });
    }

    private static void insertWrap(long project, long user, int version, KeyWrap wrap, boolean signed, long by)
            throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "insert into qodex.project_key_wraps (project_id, user_id, key_version, ephemeral_public_key, wrapped_key, "
                        + "wrapped_by, signature) values (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, project);
            p.setLong(2, user);
            p.setInt(3, version);
            p.setBytes(4, wrap.ephemeralPublicKey());
            p.setBytes(5, wrap.wrappedKey());
            p.setLong(6, by);
            p.setBytes(7, signed ? wrap.signature().orElseThrow() : null);
            p.executeUpdate();
        }
    }

    /**
     * A Member who keeps a transaction open while holding locks (a secret written, another row locked) can neither
     * block their own removal nor the rotation that comes with it; what the rotation had to skip, and what the Member
     * wrote under the old key, is re-encrypted by the next sweep, and the removed Member's old key opens none of it.
     */
    @Test
    void aMemberHoldingATransactionOpenBlocksNeitherTheirRemovalNorTheRotation() throws Exception {
        Project vault = project("held-open");
        long variableId;
        int oldVersion;
        try (Workspace alice = signIn("alice");
             Connection c = io.qodex.app.testing.TestBackends.userLogin(db, backend, alice, PASSWORD).getConnection()) {
            long environmentId = longValue(c, "insert into environments (project_id, name, base_url) values ("
                    + vault.id() + ", 'prod', 'https://prod.example') returning id");
            variableId = longValue(c, "insert into environment_variables (id, project_id, environment_id, name, "
                    + "is_secret) values ((allocate_ids('environment_variables', 1))[1], " + vault.id() + ", "
                    + environmentId + ", 'API_TOKEN', true) returning id");
            try (PreparedStatement p = c.prepareStatement("update environment_variables set secret_value = ? where id = ?")) {
                p.setString(1, alice.secrets().encrypt(SecretField.ENVIRONMENT_VARIABLE, vault.id(), variableId,
                        Secret.copyOf("token-before-bob-left")));
                p.setLong(2, variableId);
                p.executeUpdate();
            }
            oldVersion = alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()).version();
        }
        long planted;
        try (Workspace bob = signIn("bob");
             Connection held = io.qodex.app.testing.TestBackends.userLogin(db, backend, bob, PASSWORD).getConnection();
             java.sql.Statement s = held.createStatement()) {
            s.execute("set idle_in_transaction_session_timeout = 0");
            s.execute("set statement_timeout = 0");
            held.setAutoCommit(false);
            s.executeUpdate("update environment_variables set name = name where id = " + variableId); // a row lock
            long environmentId = longValue(held, "select environment_id from environment_variables where id = " + variableId);
            planted = longValue(held, "insert into environment_variables (id, project_id, environment_id, name, "
                    + "is_secret) values ((allocate_ids('environment_variables', 1))[1], " + vault.id() + ", "
                    + environmentId + ", 'BOBS', true) returning id");
            s.executeUpdate("update environment_variables set secret_value = '" + bob.secrets().encrypt(
                    SecretField.ENVIRONMENT_VARIABLE, vault.id(), planted, Secret.copyOf("written-while-held"))
                    + "' where id = " + planted); // the project row under KEY SHARE until bob commits

            try (Workspace alice = signIn("alice")) {
                Member leaving = Memberships.member(alice, vault, "bob@example.com");
                alice.members().remove(alice.projects().bySlug("held-open"), leaving); // within its lock timeout
                assertThat(alice.keyRing().currentKey(KeyScope.PROJECT, vault.id()).version()).isEqualTo(oldVersion + 1);
            }
            held.commit();
        }
        assertThat(count("select count(*) from qodex.environment_variables where project_id = " + vault.id()
                + " and secret_value like 'v1." + oldVersion + ".%'")).isEqualTo(2); // skipped, and written late
        try (Workspace alice = signIn("alice")) {
            alice.completePendingKeyWork(); // the sweep, even though other projects of hers were tampered with
            assertThat(count("select count(*) from qodex.environment_variables where project_id = " + vault.id()
                    + " and secret_value like 'v1." + (oldVersion + 1) + ".%'")).isEqualTo(2);
            try (Connection c = io.qodex.app.testing.TestBackends.userLogin(db, backend, alice, PASSWORD).getConnection()) {
                assertThat(decrypt(alice, c, vault, variableId)).isEqualTo("token-before-bob-left");
                assertThat(decrypt(alice, c, vault, planted)).isEqualTo("written-while-held");
            }
        }
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String decrypt(Workspace workspace, Connection c, Project project, long variableId)
            throws SQLException {
        String ciphertext;
        try (PreparedStatement p = c.prepareStatement("select secret_value from environment_variables where id = ?")) {
            p.setLong(1, variableId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                ciphertext = rs.getString(1);
            }
        }
        try (Secret plain = workspace.secrets().decrypt(SecretField.ENVIRONMENT_VARIABLE, project.id(), variableId,
                ciphertext)) {
            return plain.reveal();
        }
    }

    private static long userId(String name) throws SQLException {
        return count("select id from qodex.users where email = '" + name + "@example.com'");
    }

    private static byte[][] keys(long userId) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select public_key, signing_public_key from qodex.user_keys where user_id = ?")) {
            p.setLong(1, userId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new byte[][] {rs.getBytes(1), rs.getBytes(2)};
            }
        }
    }

    private static byte[] bytes(String sql) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void owner(String sql) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.execute();
        }
    }
}
