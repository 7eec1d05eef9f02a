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
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.VariableDraft;
import io.qodex.domain.member.Member;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.domain.secret.KeyScope;
import io.qodex.domain.secret.SecretField;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * F4 through the services (MemberService via Workspace) and what each change does to the project key
 * (docs/security.md, "Rotation"): demoting a Member to Viewer rotates the key in the Admin's own call, and when that
 * client could not do it the rotation stays due (no secret can be written) until the next Admin sign-in performs it;
 * a Member leaving makes it due the same way; the Viewer and the leaver get no wrap of the new key, everybody else
 * reads every secret under it. ada is the Admin of {@code keys}; max and mia Members; vic a Viewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleChangeAndLeaveKeyIT {

    private static final String PASSWORD = "juniper-compass-39w";
    private static final String TOKEN = "api-token-value-0042";

    private static TestDatabase db;
    private static Map<String, String> environment;
    private static Backend backend;
    private static long projectId;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        environment = TestBackends.environment(db);
        backend = TestBackends.open(environment);
        for (String name : List.of("ada", "max", "mia", "vic")) {
            backend.accounts().signUp(name + "@example.com", Secret.copyOf(PASSWORD));
            backend.relayMail();
            backend.accounts().verify(name + "@example.com", mailedCode(name + "@example.com"), io.qodex.domain.common.Secret.copyOf(PASSWORD));
        }
        try (Workspace ada = signIn("ada")) {
            Project project = ada.projects().create("Keys", "keys");
            projectId = project.id();
            Memberships.join(backend, ada, project, "max@example.com", PASSWORD, ProjectRole.MEMBER);
            Memberships.join(backend, ada, project, "mia@example.com", PASSWORD, ProjectRole.MEMBER);
            Memberships.join(backend, ada, project, "vic@example.com", PASSWORD, ProjectRole.VIEWER);
            ada.environments().saveOrThrow(project, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    "https://qa.example.com", "").withVariable(VariableDraft.secret("API_TOKEN", Secret.copyOf(TOKEN))));
        }
    }

    @AfterAll
    static void tearDown() {
        backend.close();
        db.close();
    }

    @Test
    @Order(1)
    void demotingAMemberToViewerRotatesTheKeyInTheAdminsCallAndTheViewerGetsNoNewKey() throws Exception {
        try (Workspace max = signIn("max"); Workspace ada = signIn("ada")) {
            Project keys = ada.projects().bySlug("keys");
            assertThat(read(max, "API_TOKEN")).isEqualTo(TOKEN);
            assertThat(wrapHolders(1)).isEqualTo("ada,max,mia");

            ada.members().changeRole(keys, member(ada, "max@example.com"), ProjectRole.VIEWER);

            Project after = ada.projects().bySlug("keys");
            assertThat(after.keyVersion()).isEqualTo(2);
            assertThat(after.rotationNeeded()).isFalse();
            assertThat(wrapHolders(2)).as("wrapped for those who keep a key role").isEqualTo("ada,mia");
            assertThat(wrapHolders(1)).as("max's old wrap went with his role").isEqualTo("ada,mia");
            assertThat(secretCiphertext("API_TOKEN")).startsWith("v1.2.");
            assertThat(member(ada, "max@example.com").role()).isEqualTo(ProjectRole.VIEWER);
            assertThat(member(ada, "max@example.com").state()).isEqualTo("active");
        }
        try (Workspace max = signIn("max"); Workspace mia = signIn("mia")) {
            Project keys = max.projects().bySlug("keys");
            assertThat(keys.myRole()).isEqualTo(ProjectRole.VIEWER);
            assertThat(max.keyRing().holdsKey(KeyScope.PROJECT, projectId)).isFalse();
            assertThatThrownBy(() -> max.keyRing().key(KeyScope.PROJECT, projectId, 2))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_ALLOWED));
            assertThatThrownBy(() -> read(max, "API_TOKEN")).hasMessage("Viewers cannot reveal secrets.");
            assertThat(read(mia, "API_TOKEN")).isEqualTo(TOKEN);
        }
    }

    @Test
    @Order(2)
    void aViewerMadeMemberAgainWaitsForAConfirmationAndGetsTheCurrentKeyOnlyThen() throws Exception {
        try (Workspace ada = signIn("ada")) {
            Project keys = ada.projects().bySlug("keys");
            ada.members().changeRole(keys, member(ada, "max@example.com"), ProjectRole.MEMBER);
            assertThat(ada.projects().bySlug("keys").keyVersion()).as("no rotation for a promotion").isEqualTo(2);
            assertThat(member(ada, "max@example.com").state()).isEqualTo("waiting for confirmation");
            try (Workspace max = signIn("max")) {
                assertThat(max.keyRing().holdsKey(KeyScope.PROJECT, projectId)).isFalse();
            }
            ada.completePendingKeyWork(); // an Admin coming online shares nothing by itself
            assertThat(member(ada, "max@example.com").state()).isEqualTo("waiting for confirmation");
            ada.members().confirm(keys, member(ada, "max@example.com"));
        }
        try (Workspace max = signIn("max")) {
            assertThat(max.keyRing().holdsKey(KeyScope.PROJECT, projectId)).isTrue();
            assertThat(read(max, "API_TOKEN")).isEqualTo(TOKEN);
        }
        assertThat(wrapHolders(2)).isEqualTo("ada,max,mia");
    }

    @Test
    @Order(3)
    void aDemotionWhoseRotationDidNotHappenIsDueUntilTheNextAdminSignInRotates() throws Exception {
        try (Workspace ada = signIn("ada")) {
            // the role changed, but the Admin's client stopped before its rotation (here: ada's own login in psql)
            try (Connection c = TestBackends.userLogin(db, backend, ada, PASSWORD).getConnection();
                 PreparedStatement p = c.prepareStatement("update qodex.project_members set role = 'viewer' "
                         + "where project_id = ? and user_id = (select id from qodex.users where email = 'max@example.com')")) {
                p.setLong(1, projectId);
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(ownerLong("select count(*) from qodex.projects where id = ? and rotation_needed", projectId)).isEqualTo(1);
        assertThat(wrapHolders(2)).as("the database took max's wrap at once").isEqualTo("ada,mia");
        try (Workspace max = signIn("max")) {
            assertThat(max.keyRing().holdsKey(KeyScope.PROJECT, projectId)).isFalse();
        }
        // while the rotation is due, nobody writes a secret under the key max held
        try (Workspace mia = signIn("mia")) {
            Project keys = mia.projects().bySlug("keys");
            assertThat(keys.rotationNeeded()).isTrue();
            assertThatThrownBy(() -> writeSecret(mia, "WHILE_DUE", "never-stored-1"))
                    .isInstanceOfSatisfying(QodexException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                        assertThat(e.getMessage()).isEqualTo("Someone lost access to this project's key: it must be "
                                + "rotated before a secret is written (an Admin's client does it on sign-in, or run "
                                + "qodex keys rotate).");
                    });
            assertThat(read(mia, "API_TOKEN")).isEqualTo(TOKEN); // reading still works
        }

        try (Workspace ada = signIn("ada")) {
            assertThat(ada.completePendingKeyWork()).isEqualTo("Rotated the key of 1 project(s).");
            Project keys = ada.projects().bySlug("keys");
            assertThat(keys.keyVersion()).isEqualTo(3);
            assertThat(keys.rotationNeeded()).isFalse();
            assertThat(ada.completePendingKeyWork()).as("nothing left to do").isEmpty();
        }
        assertThat(wrapHolders(3)).as("the viewer gets no new key").isEqualTo("ada,mia");
        assertThat(secretCiphertext("API_TOKEN")).startsWith("v1.3.");
        try (Workspace max = signIn("max"); Workspace mia = signIn("mia")) {
            assertThat(max.keyRing().holdsKey(KeyScope.PROJECT, projectId)).isFalse();
            assertThatThrownBy(() -> max.keyRing().key(KeyScope.PROJECT, projectId, 3)).isInstanceOf(QodexException.class);
            writeSecret(mia, "AFTER_ROTATION", "stored-under-v3");
            assertThat(secretCiphertext("AFTER_ROTATION")).startsWith("v1.3.");
            assertThat(read(mia, "AFTER_ROTATION")).isEqualTo("stored-under-v3");
            assertThat(read(mia, "API_TOKEN")).isEqualTo(TOKEN);
        }
    }

    @Test
    @Order(4)
    void aMemberWhoLeavesMakesARotationDueThatTheNextAdminSignInPerforms() throws Exception {
        try (Workspace mia = signIn("mia")) {
            Project keys = mia.projects().bySlug("keys");
            mia.keyRing().key(KeyScope.PROJECT, projectId, 3); // her client holds the key she leaves with

            mia.members().leave(keys);

            assertThat(mia.projects().list()).isEmpty();
            assertThat(ownerLong("select count(*) from qodex.projects where id = ? and rotation_needed", projectId))
                    .as("a Member's client cannot rotate: it is due").isEqualTo(1);
            assertThat(wrapHolders(3)).isEqualTo("ada");

            try (Workspace ada = signIn("ada")) {
                assertThat(ada.projects().bySlug("keys").rotationNeeded()).isTrue();
                assertThat(ada.members().list(ada.projects().bySlug("keys"))).extracting(m -> m.email().value())
                        .containsExactly("ada@example.com", "max@example.com", "vic@example.com");
                assertThat(ada.completePendingKeyWork()).isEqualTo("Rotated the key of 1 project(s).");
                assertThat(ada.projects().bySlug("keys").keyVersion()).isEqualTo(4);
                writeSecret(ada, "AFTER_LEAVE", "mia-never-reads-this");
                assertThat(read(ada, "API_TOKEN")).isEqualTo(TOKEN);
                assertThat(read(ada, "AFTER_LEAVE")).isEqualTo("mia-never-reads-this");
            }
            assertThat(wrapHolders(4)).as("neither the leaver nor the viewer").isEqualTo("ada");
            String written = secretCiphertext("AFTER_LEAVE");
            assertThat(written).startsWith("v1.4.");
            // the key mia's client kept does not open what was written after she left
            long variableId = ownerLong("select id from qodex.environment_variables where name = 'AFTER_LEAVE'");
            assertThatThrownBy(() -> backend.crypto().decrypt(mia.keyRing().key(KeyScope.PROJECT, projectId, 3),
                    SecretField.ENVIRONMENT_VARIABLE.associatedData(projectId, variableId), written))
                    .isInstanceOfSatisfying(QodexException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INTEGRITY));
        }
    }

    @Test
    @Order(5)
    void aViewerWhoLeavesMakesNoRotationDue() {
        try (Workspace vic = signIn("vic")) {
            vic.members().leave(vic.projects().bySlug("keys"));
            assertThat(vic.projects().list()).isEmpty();
        }
        assertThat(ownerLong("select count(*) from qodex.projects where id = ? and rotation_needed", projectId)).isZero();
        try (Workspace ada = signIn("ada")) {
            assertThat(ada.completePendingKeyWork()).isEmpty();
            assertThat(ada.projects().bySlug("keys").keyVersion()).isEqualTo(4);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Workspace signIn(String name) {
        return backend.signIn(name + "@example.com", Secret.copyOf(PASSWORD));
    }

    private static Member member(Workspace admin, String email) {
        return Memberships.member(admin, admin.projects().bySlug("keys"), email);
    }

    private static String read(Workspace workspace, String variable) {
        Project keys = workspace.projects().bySlug("keys");
        Environment qa = workspace.environments().load(keys, "QA");
        try (Secret value = workspace.environments().revealVariable(keys, qa, variable)) {
            return value.reveal();
        }
    }

    private static void writeSecret(Workspace workspace, String name, String value) {
        Project keys = workspace.projects().bySlug("keys");
        Environment qa = workspace.environments().load(keys, "QA");
        workspace.environments().saveOrThrow(keys, workspace.environments().edit(qa)
                .withVariable(VariableDraft.secret(name, Secret.copyOf(value))));
    }

    /** Who holds a wrap of the key version, by name, sorted. */
    private static String wrapHolders(int version) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select coalesce(string_agg(split_part(u.email, '@', 1), ',' order by u.email), '') "
                        + "from qodex.project_key_wraps w join qodex.users u on u.id = w.user_id "
                        + "where w.project_id = ? and w.key_version = ?")) {
            p.setLong(1, projectId);
            p.setInt(2, version);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String secretCiphertext(String variable) throws SQLException {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select secret_value from qodex.environment_variables where project_id = ? and name = ?")) {
            p.setLong(1, projectId);
            p.setString(2, variable);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as(variable).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static long ownerLong(String sql, Object... parameters) {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mailedCode(String email) {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                    .matcher(Files.readString(mails.get(mails.size() - 1)));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
