package io.qodex.persistence.testing;

import io.qodex.domain.account.Email;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.UserKeyMaterial;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.session.SignupDirectory;
import io.qodex.domain.common.Secret;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Accounts for persistence tests, created through the real sign-up functions. Key material here is random bytes
 * of the right shape: the database only stores it (the real cryptography is tested in the app module).
 */
public final class TestAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PASSWORD = "correct-horse-battery-7";

    private TestAccounts() {
    }

    public static UserKeyMaterial fakeKeys() {
        return new UserKeyMaterial(bytes(32), java.util.Optional.of(bytes(32)), bytes(92),
                "qodex-kdf-v2;argon2id;v=19;m=19456;t=2;p=1;salt=" + java.util.Base64.getEncoder().encodeToString(bytes(16)));
    }

    public static KeyWrap fakeWrap(long projectId, long userId, int version) {
        return new KeyWrap(KeyScope.PROJECT, projectId, version, userId, bytes(32), bytes(60));
    }

    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Signs up and verifies (code read from the outbox as the relay would), then puts the account in the default
     * organization as a member, as on an installation whose accounts were migrated from before organizations (V14;
     * the first verified account administers it); returns the login role.
     */
    public static String verifiedUser(TestDatabase db, String email) {
        String role = verifiedUserWithoutOrganization(db, email);
        joinDefaultOrganization(db, email);
        return role;
    }

    /** Signs up and verifies; the account belongs to no organization unless it is the installation's first. */
    public static String verifiedUserWithoutOrganization(TestDatabase db, String email) {
        String role = unverifiedUser(db, email);
        verify(db, email, db.codeFromMail(email, "Verification code"));
        return role;
    }

    /** As the database owner (a fixture, not a product path): the account becomes a member of the default organization. */
    public static void joinDefaultOrganization(TestDatabase db, String email) {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "insert into qodex.org_members (org_id, user_id, role) select (select min(id) from qodex.organizations), "
                        + "id, 'member' from qodex.users where email = lower(?) on conflict do nothing")) {
            p.setString(1, email);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies with the code and {@link #PASSWORD} as the account's password (and new placeholder keys). */
    public static void verify(TestDatabase db, String email, String code) {
        try (Secret password = Secret.copyOf(PASSWORD)) {
            new SignupDirectory(db.settings()).verifyAs(new Email(email), code,
                    new PgPasswordVerifiers().scramSha256(password), fakeKeys());
        }
    }

    public static String unverifiedUser(TestDatabase db, String email) {
        SignupDirectory directory = new SignupDirectory(db.settings());
        try (Secret password = Secret.copyOf(PASSWORD)) {
            directory.signUp(new Email(email), new PgPasswordVerifiers().scramSha256(password), fakeKeys());
        }
        return directory.roleNameFor(new Email(email));
    }

    /** Creates a project as the user behind {@code as} (its creator and Admin) with a placeholder key wrap. */
    public static long createProject(DataSource as, String name, String slug) throws SQLException {
        try (Connection c = as.getConnection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement p = c.prepareStatement("select create_project((allocate_ids('projects', 1))[1], ?, ?, "
                    + "(select min(org_id) from my_organizations()))")) {
                p.setString(1, name);
                p.setString(2, slug);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("insert into project_key_wraps (project_id, user_id, "
                    + "key_version, ephemeral_public_key, wrapped_key, wrapped_by) values (?, app_user_id(), 1, ?, ?, app_user_id())")) {
                p.setLong(1, id);
                p.setBytes(2, bytes(32));
                p.setBytes(3, bytes(60));
                p.executeUpdate();
            }
            c.commit();
            return id;
        }
    }

    /** An Admin invites the address and its (verified) account accepts: the whole way into a project. */
    public static void join(DataSource admin, DataSource member, long projectId, String email, String role)
            throws SQLException {
        try (Connection c = admin.getConnection(); PreparedStatement p = c.prepareStatement("select add_member(?, ?, ?)")) {
            p.setLong(1, projectId);
            p.setString(2, email);
            p.setString(3, role);
            p.execute();
        }
        try (Connection c = member.getConnection(); PreparedStatement p = c.prepareStatement("select accept_invitation(?)")) {
            p.setLong(1, projectId);
            p.execute();
        }
    }
}
