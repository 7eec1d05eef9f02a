package io.qodex.app.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.Secret;
import io.qodex.domain.secret.KdfParameters;
import io.qodex.domain.secret.KeyScope;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md, "Passwords": an account of the earlier scheme (its PostgreSQL password was the password itself, its
 * private key sealed under Argon2id of the password, no signing key) signs in once the old way and leaves with a derived
 * database password, resealed keys and a signing key; its project key still opens. Nothing stored is lost.
 */
class LegacyAccountUpgradeIT {

    private static final String PASSWORD = "harvest-lantern-walrus-5";

    @Test
    void aLegacyAccountIsUpgradedAtItsNextSignInAndKeepsItsKeys() throws Exception {
        try (TestDatabase db = TestPostgres.freshDatabase(); Backend backend = TestBackends.open(db)) {
            backend.accounts().signUp("old@example.com", Secret.copyOf(PASSWORD));
            backend.accounts().verify("old@example.com", db.codeFromMail("old@example.com", "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
            long project;
            try (Workspace old = backend.signIn("old@example.com", Secret.copyOf(PASSWORD))) {
                project = old.projects().create("Old", "old").id();
            }
            // turn it into an account of the earlier scheme, with a new X25519 key the project key is wrapped for
            X25519PrivateKeyParameters legacyKey = new X25519PrivateKeyParameters(new SecureRandom());
            byte[] publicKey = legacyKey.generatePublicKey().getEncoded();
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            String role;
            try (Connection c = db.superuser().getConnection(); Statement s = c.createStatement()) {
                var rs = s.executeQuery("select role_name from qodex.users where email = 'old@example.com'");
                rs.next();
                role = rs.getString(1);
            }
            try (Workspace old = backend.signIn("old@example.com", Secret.copyOf(PASSWORD))) {
                var key = old.keyRing().currentKey(KeyScope.PROJECT, project);
                var wrap = backend.crypto().wrap(key, KeyScope.PROJECT, project, old.account().userId(), publicKey,
                        old.user().key());
                try (Connection c = db.superuser().getConnection(); PreparedStatement p = c.prepareStatement(
                        "update qodex.project_key_wraps set ephemeral_public_key = ?, wrapped_key = ?, signature = null "
                                + "where project_id = ? and user_id = ?")) {
                    p.setBytes(1, wrap.ephemeralPublicKey());
                    p.setBytes(2, wrap.wrappedKey());
                    p.setLong(3, project);
                    p.setLong(4, old.account().userId());
                    p.executeUpdate();
                }
            }
            try (Connection c = db.superuser().getConnection(); PreparedStatement p = c.prepareStatement(
                    "update qodex.user_keys set public_key = ?, signing_public_key = null, sealed_private_key = ?, "
                            + "kdf_params = ? where user_id = (select id from qodex.users where email = 'old@example.com')");
                 Statement s = c.createStatement()) {
                p.setBytes(1, publicKey);
                p.setBytes(2, legacySeal(legacyKey.getEncoded(), publicKey, salt));
                p.setString(3, new KdfParameters(true, 19 * 1024, 2, 1, salt).format());
                p.executeUpdate();
                s.execute("alter role " + role + " password '" + org.postgresql.util.PasswordUtil.encodeScramSha256(
                        PASSWORD.toCharArray()) + "'");
                // the first roster of a project made before rosters: gone too, with the pins
                s.execute("delete from qodex.key_rosters; delete from qodex.key_pins");
            }
            try (var pins = java.nio.file.Files.walk(backend.config().home().path().resolve("pins"))) {
                pins.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            assertThat(backend.database().directory().loginParameters(new Email("old@example.com"))).startsWith("argon2id;");
            db.as(role, PASSWORD).getConnection().close(); // the old way works before the upgrade

            try (Workspace old = backend.signIn("old@example.com", Secret.copyOf(PASSWORD))) {
                assertThat(old.user().key().publicKey()).isEqualTo(publicKey);
                assertThat(old.user().key().signingPublicKey()).hasSize(32);
                old.completePendingKeyWork(); // signs the project's first ("migrated") roster
                assertThat(old.keyRing().currentKey(KeyScope.PROJECT, project).version()).isEqualTo(1);
            }
            assertThat(backend.database().directory().loginParameters(new Email("old@example.com")))
                    .startsWith("qodex-kdf-v2;");
            assertThatThrownBy(() -> db.as(role, PASSWORD).getConnection().close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            try (Workspace again = backend.signIn("old@example.com", Secret.copyOf(PASSWORD))) {
                assertThat(again.keyRing().currentKey(KeyScope.PROJECT, project).version()).isEqualTo(1);
            }
        }
    }

    /** How the earlier scheme sealed a private key: AES-256-GCM under Argon2id(password), the public key bound. */
    private static byte[] legacySeal(byte[] privateKey, byte[] publicKey, byte[] salt) throws Exception {
        Argon2BytesGenerator argon = new Argon2BytesGenerator();
        argon.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(19 * 1024).withIterations(2).withParallelism(1).build());
        byte[] key = new byte[32];
        argon.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), key);
        byte[] context = Arrays.copyOf("qodex-user-key-v1|".getBytes(StandardCharsets.UTF_8), 18 + 32);
        System.arraycopy(publicKey, 0, context, 18, 32);
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(context);
        byte[] sealed = cipher.doFinal(privateKey);
        byte[] out = Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return out;
    }
}
