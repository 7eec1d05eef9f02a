package io.qodex.app.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FakeOpenAi;
import io.qodex.app.testing.LogCapture;
import io.qodex.app.testing.Memberships;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.SecretField;
import io.qodex.persistence.testing.DatabaseDump;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docs/security.md ("Secrets") and F9 against a real database: a dump reveals no secret; Viewers and removed members
 * cannot decrypt; rotation keeps everything readable; members waiting for the key are served by an Admin's
 * client; BYOK keys are validated against a local OpenAI-compatible server and never logged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIntegrationIT {

    private static final String PASSWORD = "marble-octopus-73q";
    private static final String GOOD_KEY = "sk-test-good-key-0123456789abcdef";
    private static final String NEW_KEY = "sk-test-newer-key-fedcba9876543210";
    private static final String REJECTED_KEY = "sk-test-rejected-key-000000000000";
    private static final String ENV_SECRET = "env-secret-value-\"quoted\"-1234";
    private static final String LOGIN_PASSWORD = "target-app-password-5678";

    private static TestDatabase db;
    private static FakeOpenAi openAi;
    private static Backend backend;
    private static Map<String, String> environment;
    private static long projectId;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        openAi = new FakeOpenAi(GOOD_KEY, NEW_KEY);
        environment = TestBackends.environment(db);
        environment.put("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
        backend = TestBackends.open(environment);
        for (String user : List.of("alice", "bob", "carl", "vera")) {
            signUpAndVerify(user + "@example.com");
        }
        try (Workspace alice = signIn("alice")) {
            Project project = alice.projects().create("Vault", "vault");
            projectId = project.id();
            Memberships.join(backend, alice, project, "bob@example.com", PASSWORD, ProjectRole.MEMBER);
            Memberships.join(backend, alice, project, "carl@example.com", PASSWORD, ProjectRole.MEMBER);
            Memberships.join(backend, alice, project, "vera@example.com", PASSWORD, ProjectRole.VIEWER);
        }
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        openAi.close();
        db.close();
    }

    @Test
    @Order(1)
    void byokIsValidatedBeforeSavingAndShownOnlyAsTheLastFour() {
        try (LogCapture logs = new LogCapture(); Workspace alice = signIn("alice")) {
            Project vault = alice.projects().bySlug("vault");
            var stored = alice.llmKeys().setByok(vault, LlmProvider.OPENAI, Secret.copyOf(GOOD_KEY));
            assertThat(stored.lastFour()).isEqualTo("cdef");
            assertThat(stored.setBy()).isEqualTo("alice@example.com");

            assertThatThrownBy(() -> alice.llmKeys().setByok(vault, LlmProvider.OPENAI, Secret.copyOf(REJECTED_KEY)))
                    .isInstanceOfSatisfying(QodexException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.PROVIDER_REFUSED);
                        assertThat(e.getMessage()).isEqualTo(
                                "OpenAI refused the key: 401 invalid_api_key: Incorrect API key provided. Your key was not saved.");
                    });
            assertThat(alice.llmKeys().byok(vault).orElseThrow().lastFour()).isEqualTo("cdef"); // nothing saved

            assertThatThrownBy(() -> alice.llmKeys().setByok(vault, LlmProvider.ANTHROPIC, Secret.copyOf("sk-ant-xyz")))
                    .hasMessageContaining("Anthropic keys are planned but not supported yet");
            assertThatThrownBy(() -> alice.llmKeys().setByok(vault, LlmProvider.OPENAI, Secret.copyOf("not-a-key")))
                    .hasMessageContaining("OpenAI keys start with \"sk-\"");
            assertThat(logs.text()).doesNotContain(GOOD_KEY, REJECTED_KEY, GOOD_KEY.substring(3, 20));
        }
    }

    @Test
    @Order(2)
    void anUnreachableProviderIsADistinctErrorAndSavesNothing() {
        Map<String, String> down = new java.util.HashMap<>(environment);
        down.put("QODEX_OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
        try (LogCapture logs = new LogCapture(); Backend other = TestBackends.open(down);
             Workspace alice = other.signIn("alice@example.com", Secret.copyOf(PASSWORD))) {
            Project vault = alice.projects().bySlug("vault");
            assertThatThrownBy(() -> alice.llmKeys().setByok(vault, LlmProvider.OPENAI, Secret.copyOf(NEW_KEY)))
                    .isInstanceOfSatisfying(QodexException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("Couldn't reach OpenAI (network: connection refused, "
                                + "http://127.0.0.1:9/v1). Your key was not saved.");
                        assertThat(e.field()).contains(io.qodex.domain.llm.LlmKeyService.PROVIDER_FIELD);
                    });
            assertThat(alice.llmKeys().byok(vault).orElseThrow().lastFour()).isEqualTo("cdef");
            assertThat(logs.text()).doesNotContain(NEW_KEY);
        }
    }

    @Test
    @Order(3)
    void aDatabaseDumpContainsNoSecret() throws Exception {
        storeOtherSecrets();
        String dump = DatabaseDump.of(db);
        System.out.println("dump method: " + DatabaseDump.method(db) + ", " + dump.length() + " characters");
        assertThat(dump).contains("vault", "alice@example.com", "v1.1."); // it is a real dump of this data
        assertThat(dump).doesNotContain(GOOD_KEY, ENV_SECRET, LOGIN_PASSWORD, PASSWORD, GOOD_KEY.substring(3));
    }

    @Test
    @Order(4)
    void membersDecryptViewersCannot() {
        try (Workspace bob = signIn("bob")) {
            Project vault = bob.projects().bySlug("vault");
            assertThat(bob.llmKeys().byokKey(vault).orElseThrow().reveal()).isEqualTo(GOOD_KEY);
            assertThat(decryptVariable(bob)).isEqualTo(ENV_SECRET);
        }
        try (Workspace vera = signIn("vera")) {
            Project vault = vera.projects().bySlug("vault");
            assertThat(vera.llmKeys().byok(vault).orElseThrow().lastFour()).isEqualTo("cdef"); // may see that a key is set
            assertThatThrownBy(() -> vera.llmKeys().byokKey(vault))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
            assertThatThrownBy(() -> vera.llmKeys().setByok(vault, LlmProvider.OPENAI, Secret.copyOf(NEW_KEY)))
                    .hasMessageContaining("Only an Admin");
        }
    }

    @Test
    @Order(5)
    void aRemovedMemberCannotDecryptWhatIsWrittenAfterTheirRemovalAndRotationKeepsEverythingReadable() throws Exception {
        try (Workspace bob = signIn("bob"); Workspace alice = signIn("alice")) {
            Project vault = alice.projects().bySlug("vault");
            bob.keyRing().key(KeyScope.PROJECT, projectId, 1); // bob's client holds version 1
            Member bobMember = alice.members().list(vault).stream()
                    .filter(m -> m.email().value().equals("bob@example.com")).findFirst().orElseThrow();
            alice.members().remove(vault, bobMember);
            Project rotated = alice.projects().bySlug("vault");
            assertThat(rotated.keyVersion()).isEqualTo(2);

            alice.llmKeys().setByok(rotated, LlmProvider.OPENAI, Secret.copyOf(NEW_KEY));
            String written = ownerRead("select key_secret from qodex.byok_credentials where project_id = " + projectId);
            assertThat(written).startsWith("v1.2.");
            // bob sees nothing any more (not the project, not a variable row), and neither his old key nor any wrap
            // opens the new value
            assertThat(bob.projects().list()).isEmpty();
            assertThat(storedVariable(bob, PASSWORD)).as("the variable row, seen by a removed member").isEmpty();
            assertThatThrownBy(() -> bob.keyRing().key(KeyScope.PROJECT, projectId, 2))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
            assertThatThrownBy(() -> backend.crypto().decrypt(bob.keyRing().key(KeyScope.PROJECT, projectId, 1),
                    SecretField.BYOK_KEY.associatedData(projectId, projectId), written))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INTEGRITY));

            // every secret re-encrypted under version 2 and readable by the remaining members
            assertThat(ownerRead("select count(*) from qodex.environment_variables where secret_value like 'v1.1.%'")).isEqualTo("0");
            assertThat(ownerRead("select count(*) from qodex.auth_profiles where password_secret like 'v1.1.%'")).isEqualTo("0");
            assertThat(alice.llmKeys().byokKey(rotated).orElseThrow().reveal()).isEqualTo(NEW_KEY);
            assertThat(decryptVariable(alice)).isEqualTo(ENV_SECRET);
        }
        try (Workspace carl = signIn("carl")) {
            assertThat(decryptVariable(carl)).isEqualTo(ENV_SECRET);
            assertThat(carl.llmKeys().byokKey(carl.projects().bySlug("vault")).orElseThrow().reveal()).isEqualTo(NEW_KEY);
        }
    }

    @Test
    @Order(6)
    void aMemberInvitedBeforeSignUpGetsTheKeyOnlyWhenAnAdminConfirmsTheirFingerprint() throws Exception {
        try (Workspace alice = signIn("alice")) {
            alice.members().invite(alice.projects().bySlug("vault"), "ivan@example.com", ProjectRole.MEMBER);
        }
        signUpAndVerify("ivan@example.com"); // verifying the invited address accepts the invitation
        String ivansFingerprint;
        try (Workspace ivan = signIn("ivan")) {
            Project vault = ivan.projects().bySlug("vault");
            ivansFingerprint = ivan.keyRing().myFingerprint().phrase();
            assertThat(memberState("ivan@example.com")).isEqualTo("waiting for confirmation");
            assertThatThrownBy(() -> ivan.llmKeys().byokKey(vault))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        }
        try (Workspace alice = signIn("alice")) {
            // an Admin coming online shares nothing by itself
            alice.completePendingKeyWork();
            assertThat(memberState("ivan@example.com")).isEqualTo("waiting for confirmation");
            Member ivan = Memberships.member(alice, alice.projects().bySlug("vault"), "ivan@example.com");
            assertThat(ivan.fingerprint().orElseThrow().phrase()).isEqualTo(ivansFingerprint).matches("([a-z]+ ){7}[a-z]+");
            assertThat(alice.members().confirm(alice.projects().bySlug("vault"), ivan).phrase()).isEqualTo(ivansFingerprint);
        }
        try (Workspace ivan = signIn("ivan")) {
            assertThat(memberState("ivan@example.com")).isEqualTo("active");
            assertThat(ivan.llmKeys().byokKey(ivan.projects().bySlug("vault")).orElseThrow().reveal()).isEqualTo(NEW_KEY);
        }
    }

    @Test
    @Order(7)
    void aUserWhoResetTheirPasswordShowsAsKeyChangedUntilAnAdminConfirmsTheirNewFingerprint() throws Exception {
        backend.accounts().requestPasswordReset("carl@example.com");
        backend.relayMail();
        backend.accounts().resetPassword("carl@example.com", mailedCode("carl@example.com", "Reset code"),
                Secret.copyOf("brand-new-pass-for-c9"));
        assertThat(memberState("carl@example.com")).isEqualTo("key changed: confirm again");
        try (Workspace carl = backend.signIn("carl@example.com", Secret.copyOf("brand-new-pass-for-c9"))) {
            // still a member: he sees the row, but his new key holds no project key to open it
            StoredVariable variable = storedVariable(carl, "brand-new-pass-for-c9").orElseThrow(
                    () -> new AssertionError("carl, still a member, should see the variable row"));
            assertThatThrownBy(() -> decrypt(carl, variable))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
        }
        try (Workspace alice = signIn("alice")) {
            alice.completePendingKeyWork();
            assertThat(memberState("carl@example.com")).isEqualTo("key changed: confirm again");
            Project vault = alice.projects().bySlug("vault");
            alice.members().confirm(vault, Memberships.member(alice, vault, "carl@example.com"));
        }
        assertThat(memberState("carl@example.com")).isEqualTo("active");
        try (Workspace carl = backend.signIn("carl@example.com", Secret.copyOf("brand-new-pass-for-c9"))) {
            assertThat(decryptVariable(carl, "brand-new-pass-for-c9")).isEqualTo(ENV_SECRET);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void signUpAndVerify(String email) {
        backend.accounts().signUp(email, Secret.copyOf(PASSWORD));
        backend.relayMail();
        backend.accounts().verify(email, mailedCode(email, "Verification code"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
    }

    private static String mailedCode(String email, String label) {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            Matcher matcher = Pattern.compile(label + ": ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mails.get(mails.size() - 1)));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Workspace signIn(String name) {
        return backend.signIn(name + "@example.com", Secret.copyOf(PASSWORD));
    }

    private static String memberState(String email) {
        try (Workspace alice = signIn("alice")) {
            return alice.members().list(alice.projects().bySlug("vault")).stream()
                    .filter(m -> m.email().value().equals(email)).findFirst().orElseThrow().state();
        }
    }

    /** A secret variable and a login password written the way the secrets service stores them. */
    private static void storeOtherSecrets() throws Exception {
        try (Workspace alice = signIn("alice");
             Connection c = TestBackends.userLogin(db, backend, alice, PASSWORD).getConnection()) {
            c.setAutoCommit(false);
            long environmentId = insert(c, "insert into environments (project_id, name, base_url) values (" + projectId
                    + ", 'staging', 'https://staging.example') returning id");
            long variableId = insert(c, "insert into environment_variables (id, project_id, environment_id, name, "
                    + "is_secret) values ((allocate_ids('environment_variables', 1))[1], " + projectId + ", "
                    + environmentId + ", 'API_TOKEN', true) returning id");
            update(c, "update environment_variables set secret_value = ? where id = " + variableId,
                    alice.secrets().encrypt(SecretField.ENVIRONMENT_VARIABLE, projectId, variableId, Secret.copyOf(ENV_SECRET)));
            long profileId = insert(c, "insert into auth_profiles (id, project_id, environment_id, name, email) values ("
                    + "(allocate_ids('auth_profiles', 1))[1], " + projectId + ", " + environmentId + ", 'admin', "
                    + "'qa@example.com') returning id");
            update(c, "update auth_profiles set password_secret = ? where id = " + profileId,
                    alice.secrets().encrypt(SecretField.AUTH_PASSWORD, projectId, profileId, Secret.copyOf(LOGIN_PASSWORD)));
            c.commit();
        }
    }

    private static String decryptVariable(Workspace workspace) {
        return decryptVariable(workspace, PASSWORD);
    }

    /** Reads the secret variable's row as the user and decrypts it; fails the test if the row is not visible. */
    private static String decryptVariable(Workspace workspace, String password) {
        StoredVariable variable = storedVariable(workspace, password).orElseThrow(
                () -> new AssertionError("the variable row is not visible to " + workspace.account().email()));
        return decrypt(workspace, variable);
    }

    /** The secret variable's row as stored (ciphertext), if row-level security lets the user see it. */
    private record StoredVariable(long id, String ciphertext) {
    }

    private static java.util.Optional<StoredVariable> storedVariable(Workspace workspace, String password) {
        try (Connection c = TestBackends.userLogin(db, backend, workspace, password).getConnection();
             PreparedStatement p = c.prepareStatement("select id, secret_value from environment_variables where project_id = ?")) {
            p.setLong(1, projectId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                StoredVariable variable = new StoredVariable(rs.getLong(1), rs.getString(2));
                assertThat(rs.next()).as("one variable in the project").isFalse();
                return java.util.Optional.of(variable);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decrypt(Workspace workspace, StoredVariable variable) {
        return workspace.secrets().decrypt(SecretField.ENVIRONMENT_VARIABLE, projectId, variable.id(), variable.ciphertext())
                .reveal();
    }

    private static long insert(Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(Connection c, String sql, String value) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, value);
            p.executeUpdate();
        }
    }

    private static String ownerRead(String sql) throws java.sql.SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql);
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
