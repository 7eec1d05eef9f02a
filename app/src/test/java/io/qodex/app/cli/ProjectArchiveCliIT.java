package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
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
 * F3 archive and restore against a real database: {@code qodex projects archive [--restore]} (Admins), how
 * {@code projects list} shows an archived project to every member (kept, marked "(archived)"), that Members and
 * Viewers are refused by the service and by PostgreSQL itself (their own login in psql updates nothing), that an
 * invitation to an archived project is not offered, and that a stale project is a conflict, not an overwrite.
 * ana is the Admin of {@code shop} and {@code blog}; ben a Member and cat a Viewer of {@code shop}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectArchiveCliIT {

    private static final String PASSWORD = "cobalt-meadow-52r";
    private static TestDatabase db;
    private static Cli cli;
    private static Cli ana;
    private static Cli ben;
    private static Cli cat;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", PASSWORD);
        ana = cli.with("QODEX_EMAIL", "ana@example.com");
        ben = cli.with("QODEX_EMAIL", "ben@example.com");
        cat = cli.with("QODEX_EMAIL", "cat@example.com");
        for (String name : List.of("ana", "ben", "cat", "dan")) {
            ok(cli.run("signup", "--email", name + "@example.com"));
            ok(cli.run("verify", "--email", name + "@example.com", "--code", code(name + "@example.com")));
        }
        ok(ana.run("projects", "create", "--name", "Shop Web", "--slug", "shop"));
        ok(ana.run("projects", "create", "--name", "Blog", "--slug", "blog"));
        ok(ana.run("members", "add", "--project", "shop", "--email", "ben@example.com", "--role", "member"));
        ok(ana.run("members", "add", "--project", "shop", "--email", "cat@example.com", "--role", "viewer"));
        ok(ben.run("invitations", "accept", "shop"));
        ok(cat.run("invitations", "accept", "shop"));
        ok(ana.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url", "https://qa.example.com"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    @Order(1)
    void anAdminArchivesAndTheProjectIsMarkedArchivedForEveryMember() {
        Cli.Result archived = ana.run("projects", "archive", "--project", "shop");
        ok(archived);
        assertThat(archived.out()).isEqualTo("Archived shop.\n");

        assertThat(ok(ana.run("projects", "list")).lines()).containsExactly(
                "SLUG  NAME                 ROLE",
                "blog  Blog                 admin",
                "shop  Shop Web (archived)  admin");
        assertThat(ok(ben.run("projects", "list")).lines()).containsExactly(
                "SLUG  NAME                 ROLE",
                "shop  Shop Web (archived)  member");
        assertThat(ok(cat.run("projects", "list")).lines()).contains("shop  Shop Web (archived)  viewer");
        assertThat(ownerCount("select count(*) from qodex.projects where slug = 'shop' and archived_at is not null"))
                .isEqualTo(1);
        // it stays readable
        assertThat(ok(ben.run("env", "list", "--project", "shop")).out()).contains("QA");
        assertThat(ok(cat.run("members", "list", "--project", "shop")).out()).contains("ana@example.com");
    }

    @Test
    @Order(2)
    void anInvitationToAnArchivedProjectIsNotOffered() {
        ok(ana.run("members", "add", "--project", "shop", "--email", "dan@example.com", "--role", "member"));
        Cli dan = cli.with("QODEX_EMAIL", "dan@example.com");
        assertThat(ok(dan.run("invitations", "list")).out()).doesNotContain("shop");
        failure(dan.run("invitations", "accept", "shop"), 6, "There is no invitation to \"shop\" for dan@example.com.");
        assertThat(ok(dan.run("projects", "list")).out()).doesNotContain("shop");
    }

    @Test
    @Order(3)
    void membersAndViewersCannotArchiveOrRestore() throws Exception {
        failure(ben.run("projects", "archive", "--project", "shop", "--restore"), 5,
                "Only an Admin of Shop Web can restore it.");
        failure(cat.run("projects", "archive", "--project", "shop", "--restore"), 5,
                "Only an Admin of Shop Web can restore it.");
        // PostgreSQL refuses them too: a Member's own login (as psql uses it) updates no row
        try (Backend backend = TestBackends.open(cli.environment());
             Workspace benSignedIn = backend.signIn("ben@example.com", Secret.copyOf(PASSWORD));
             Connection c = TestBackends.userLogin(db, backend, benSignedIn, PASSWORD).getConnection();
             PreparedStatement p = c.prepareStatement("update qodex.projects set archived_at = null where slug = 'shop'")) {
            assertThat(p.executeUpdate()).isZero();
        }
        assertThat(ok(ben.run("projects", "list")).out()).contains("Shop Web (archived)");
    }

    @Test
    @Order(4)
    void anAdminRestoresIt() {
        Cli.Result restored = ana.run("projects", "archive", "--project", "shop", "--restore");
        ok(restored);
        assertThat(restored.out()).isEqualTo("Restored shop.\n");
        assertThat(ok(ana.run("projects", "list")).lines()).containsExactly(
                "SLUG  NAME      ROLE",
                "blog  Blog      admin",
                "shop  Shop Web  admin");
        assertThat(ok(ben.run("projects", "list")).lines()).containsExactly("SLUG  NAME      ROLE", "shop  Shop Web  member");
        assertThat(ownerCount("select count(*) from qodex.projects where archived_at is not null")).isZero();
        // the pending invitation is offered again
        assertThat(ok(cli.with("QODEX_EMAIL", "dan@example.com").run("invitations", "list")).out()).contains("shop");
    }

    @Test
    @Order(5)
    void aMemberCannotArchiveEither() {
        failure(ben.run("projects", "archive", "--project", "shop"), 5, "Only an Admin of Shop Web can archive it.");
        failure(ana.run("projects", "archive", "--project", "nope"), 6, "No project with the slug \"nope\"");
        assertThat(ok(ben.run("projects", "list")).out()).doesNotContain("(archived)");
    }

    @Test
    @Order(6)
    void archivingAProjectSomeoneChangedMeanwhileIsAConflict() {
        try (Backend backend = TestBackends.open(cli.environment());
             Workspace first = backend.signIn("ana@example.com", Secret.copyOf(PASSWORD));
             Workspace second = backend.signIn("ana@example.com", Secret.copyOf(PASSWORD))) {
            Project seen = second.projects().bySlug("blog");
            first.projects().rename(first.projects().bySlug("blog"), "Blog Two");
            assertThatThrownBy(() -> second.projects().setArchived(seen, true))
                    .isInstanceOfSatisfying(QodexException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
                        assertThat(e.getMessage()).isEqualTo("Someone else changed this project meanwhile; reload and try again.");
                    });
            Project fresh = second.projects().bySlug("blog");
            assertThat(fresh.archived()).isFalse();
            assertThat(fresh.name()).isEqualTo("Blog Two");
            assertThat(second.projects().setArchived(fresh, true).archived()).isTrue();
            assertThat(second.projects().setArchived(second.projects().bySlug("blog"), false).archived()).isFalse();
        }
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private static void failure(Cli.Result result, int exitCode, String reason) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip()).startsWith("qodex: ").contains(reason).doesNotContain("\n");
    }

    private static long ownerCount(String sql) {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(sql);
             var rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String code(String email) throws Exception {
        Path outbox = Path.of(cli.environment().get("QODEX_HOME"), "outbox");
        List<Path> mails;
        try (Stream<Path> files = Files.list(outbox)) {
            mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
        }
        Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                .matcher(Files.readString(mails.get(mails.size() - 1)));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
