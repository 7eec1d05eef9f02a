package io.qodex.app.apikeys;

import static io.qodex.persistence.testing.Sql.execute;
import static io.qodex.persistence.testing.Sql.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.adapters.crypto.BouncyCastleKeyCrypto;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.CiSession;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.apikey.ApiKeyScope;
import io.qodex.domain.apikey.ApiKeyText;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.project.Project;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.KeyWrap;
import io.qodex.domain.secret.SymmetricKey;
import io.qodex.domain.secret.UnlockedUserKey;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A database administrator with write access against keys that hold the project key (decision 0031): whatever they
 * write, a CI job uses no key and reads no value the project's Admins did not sign, and a project key rotation wraps
 * the new key only for keys whose creator signed their grant. Each attack is undone before the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeySecretsTamperIT {

    private static final String PASSWORD = "quartz-meadow-62p";
    private final KeyCrypto crypto = new BouncyCastleKeyCrypto();
    private TestDatabase db;
    private Map<String, String> environment;
    private Backend backend;

    @BeforeAll
    void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        environment = TestBackends.environment(db);
        backend = TestBackends.open(environment);
        TestBackends.verifiedAccount(backend, environment, "amy@example.com", PASSWORD);
        try (Workspace amy = amy()) {
            Project shop = amy.projects().create("Shop", "shop");
            amy.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    "https://qa.shop.test", ""));
        }
        Cli cli = new Cli(environment).with("QODEX_PASSWORD", PASSWORD).with("QODEX_EMAIL", "amy@example.com");
        assertThat(cli.runWithInput("orchid-vault-5\n", "env", "set", "QA", "--project", "shop", "--secret", "--var",
                "SEED").exitCode()).isZero();
    }

    @AfterAll
    void tearDown() {
        backend.close();
        db.close();
    }

    private Workspace amy() {
        return backend.signIn("amy@example.com", Secret.copyOf(PASSWORD));
    }

    private String mint(String name) {
        try (Workspace amy = amy(); ApiKeyText key = amy.apiKeys().create(amy.projects().bySlug("shop"), name,
                EnumSet.of(ApiKeyScope.SECRETS_READ), Duration.ofDays(1)); Secret text = key.text()) {
            return text.reveal();
        }
    }

    /** The secret variable as a CI job with the key reads it. */
    private String seed(String key) {
        try (Secret text = Secret.copyOf(key); ApiKeyText parsed = ApiKeyText.parse(text);
             CiSession session = CiSession.connect(backend.config(), db.jdbcUrl(), parsed)) {
            Environment qa = session.environments().load(session.project(), "QA");
            try (Secret value = session.environments().revealVariable(session.project(), qa, "SEED")) {
                return value.reveal();
            }
        }
    }

    private void refused(String key, String says) {
        assertThatThrownBy(() -> seed(key)).isInstanceOfSatisfying(QodexException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.INTEGRITY);
            assertThat(e.getMessage()).contains(says);
        });
    }

    private static String prefixOf(String key) {
        return key.substring(4, 25);
    }

    @Test
    void anAlteredAnchorOrPublicKeyIsRefused() throws Exception {
        String key = mint("anchored");
        assertThat(seed(key)).isEqualTo("orchid-vault-5");
        String where = " where prefix = '" + prefixOf(key) + "'";
        String head = text(db.owner(), "select encode(anchor_head, 'hex') from qodex.project_api_keys" + where);
        execute(db.owner(), "update qodex.project_api_keys set anchor_head = decode(repeat('ee', 32), 'hex')" + where);
        refused(key, "was altered in the database");
        execute(db.owner(), "update qodex.project_api_keys set anchor_head = decode('" + head + "', 'hex')" + where);

        String publicKey = text(db.owner(), "select encode(public_key, 'hex') from qodex.project_api_keys" + where);
        try (UnlockedUserKey other = crypto.apiKeyPair(Secret.copyOf("another-secret"))) {
            execute(db.owner(), "update qodex.project_api_keys set public_key = decode('"
                    + HexFormat.of().formatHex(other.publicKey()) + "', 'hex')" + where);
        }
        refused(key, "another public key");
        execute(db.owner(), "update qodex.project_api_keys set public_key = decode('" + publicKey + "', 'hex')" + where);
        assertThat(seed(key)).isEqualTo("orchid-vault-5");
    }

    @Test
    void aPlantedWrapOfAnotherKeyIsRefused() throws Exception {
        String key = mint("planted");
        String keyId = key.substring(10, 18);
        String where = " where key_id = (select id from qodex.project_api_keys where prefix = '" + prefixOf(key) + "')";
        long projectId = Long.parseLong(text(db.owner(), "select project_id from qodex.api_key_wraps" + where));
        int version = Integer.parseInt(text(db.owner(), "select key_version from qodex.api_key_wraps" + where));
        // the administrator's own project key, wrapped for the key's public key and signed by a key of their own
        try (UnlockedUserKey pair = crypto.apiKeyPair(Secret.copyOf(key.substring(26)));
             UnlockedUserKey administrator = crypto.apiKeyPair(Secret.copyOf("administrator"));
             SymmetricKey theirs = crypto.newSymmetricKey(version)) {
            KeyWrap planted = crypto.wrap(theirs, KeyScope.PROJECT, projectId,
                    io.qodex.domain.secret.ApiKeyGrant.recipient(keyId), pair.publicKey(), administrator);
            execute(db.owner(), "update qodex.api_key_wraps set ephemeral_public_key = decode('"
                    + HexFormat.of().formatHex(planted.ephemeralPublicKey()) + "', 'hex'), wrapped_key = decode('"
                    + HexFormat.of().formatHex(planted.wrappedKey()) + "', 'hex'), signature = decode('"
                    + HexFormat.of().formatHex(planted.signature().orElseThrow()) + "', 'hex')" + where);
        }
        refused(key, ": refused."); // its signature does not verify, and the key is not the one the roster commits to
    }

    @Test
    void aRotationWrapsTheNewKeyOnlyForKeysWithASignedGrant() throws Exception {
        String key = mint("rotated");
        // a key whose expiry the administrator extended (its grant signs the expiry): left out like a planted one
        String extended = mint("extended");
        execute(db.owner(), "update qodex.project_api_keys set expires_at = expires_at + interval '100 days' "
                + "where prefix = '" + prefixOf(extended) + "'");
        // a row the administrator planted: a live key of their own, with a grant copied from the real key
        execute(db.owner(), "insert into qodex.project_api_keys (project_id, name, prefix, key_hash, scopes, created_by, "
                + "expires_at, role_name, public_key, grant_signature, anchor_epoch, anchor_head, anchor_mac) "
                + "select project_id, 'intruder', substr(prefix, 1, 6) || 'zzzzzzzz' || substr(prefix, 15), key_hash, "
                + "scopes, created_by, expires_at, null, decode(repeat('42', 32), 'hex'), grant_signature, anchor_epoch, "
                + "anchor_head, anchor_mac from qodex.project_api_keys where prefix = '" + prefixOf(key) + "'");
        try (Workspace amy = amy()) {
            amy.keyRing().rotate(amy.projects().bySlug("shop").id(), "Shop", java.util.OptionalLong.empty());
        }
        assertThat(text(db.owner(), "select string_agg(k.name || ' v' || w.key_version, ', ' order by k.name, "
                + "w.key_version) from qodex.api_key_wraps w join qodex.project_api_keys k on k.id = w.key_id "
                + "where k.name in ('rotated', 'intruder', 'extended')"))
                .isEqualTo("extended v1, rotated v1, rotated v2");
        assertThat(seed(key)).isEqualTo("orchid-vault-5"); // re-encrypted under v2, which the key received
    }

    @Test
    void aKeysSecretIsNotItsDatabasePassword() throws Exception {
        String key = mint("derived");
        String role = text(db.owner(), "select role_name from qodex.project_api_keys where prefix = '" + prefixOf(key)
                + "'");
        // a server that asks for the password in clear learns a value derived from the secret, not the secret
        assertThatThrownBy(() -> text(db.as(role, key.substring(26)), "select 1"))
                .hasMessageContaining("password authentication failed");
        assertThat(seed(key)).isEqualTo("orchid-vault-5");
    }
}
