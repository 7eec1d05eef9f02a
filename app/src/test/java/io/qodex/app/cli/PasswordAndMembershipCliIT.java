package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * F1 and F4 on the command line against a real database: {@code password change}, {@code password forgot} /
 * {@code reset} (the code from the local outbox), {@code members role} and {@code members leave}; their output lines,
 * what they change (sign-in, the project key, {@code projects list}, {@code members list}) and their one-line
 * failures with exit codes. ana is the Admin of {@code shop}; ben a Member, cat a Viewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PasswordAndMembershipCliIT {

    private static final String PASSWORD = "copper-lantern-61z";
    private static final String CHANGED = "violet-harbour-27q";
    private static final String RESET = "granite-orchard-84m";
    private static final String SECRET = "s3cret-token-value-9876";
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
        for (String name : List.of("ana", "ben", "cat")) {
            ok(cli.run("signup", "--email", name + "@example.com"));
            ok(cli.run("verify", "--email", name + "@example.com", "--code", code(name + "@example.com", "Verification")));
        }
        ok(ana.run("projects", "create", "--name", "Shop Web", "--slug", "shop"));
        ok(ana.run("members", "add", "--project", "shop", "--email", "ben@example.com", "--role", "member"));
        ok(ana.run("members", "add", "--project", "shop", "--email", "cat@example.com", "--role", "viewer"));
        ok(ben.run("invitations", "accept", "shop"));
        ok(cat.run("invitations", "accept", "shop"));
        ok(ana.run("members", "confirm", "--project", "shop", "--email", "ben@example.com", "--fingerprint", fingerprint(ben)));
        ok(ana.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url", "https://qa.example.com"));
        ok(ana.run("env", "set", "QA", "--project", "shop", "--var", "API_TOKEN=" + SECRET, "--secret"));
        assertThat(ben.run("project-key", "status", "--project", "shop").lines()).contains("you hold it: yes");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    @Order(1)
    void passwordChangeMakesTheOldPasswordFailAndKeepsTheKeys() {
        Cli.Result changed = ben.with("QODEX_NEW_PASSWORD", CHANGED).run("password", "change");
        ok(changed);
        assertThat(changed.out()).isEqualTo("Password changed for ben@example.com.\n");

        failure(ben.run("whoami"), 4, "Wrong email or password.");
        Cli benNow = ben.with("QODEX_PASSWORD", CHANGED);
        assertThat(ok(benNow.run("whoami")).lines()).contains("email: ben@example.com");
        // the private keys were resealed, not replaced: ben still holds the project key and reads its secrets
        assertThat(ok(benNow.run("project-key", "status", "--project", "shop")).lines()).contains("you hold it: yes");
        assertThat(ok(benNow.run("env", "show", "QA", "--project", "shop")).out())
                .containsPattern("API_TOKEN = \\*\\*\\*\\*9876 \\(secret\\)");
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out())
                .containsPattern("ben@example.com +member +active");
    }

    @Test
    @Order(2)
    void passwordChangeFailuresAreOneLine() {
        failure(ben.with("QODEX_PASSWORD", "not-bens-password-1").with("QODEX_NEW_PASSWORD", "another-good-pass-55")
                .run("password", "change"), 4, "Wrong email or password.");
        failure(ben.with("QODEX_PASSWORD", CHANGED).with("QODEX_NEW_PASSWORD", "short").run("password", "change"), 2,
                "The password is too weak: Use at least 12 characters (5 so far).");
        failure(ben.with("QODEX_PASSWORD", CHANGED).with("QODEX_NEW_PASSWORD", "password1234").run("password", "change"),
                2, "The password is too weak: This is a commonly used password; choose another.");
        // nothing changed
        ok(ben.with("QODEX_PASSWORD", CHANGED).run("whoami"));
    }

    @Test
    @Order(3)
    void forgotAndResetWithTheMailedCode() throws Exception {
        Cli.Result forgot = cli.run("password", "forgot", "--email", "ben@example.com");
        ok(forgot);
        assertThat(forgot.out()).isEqualTo("If an account exists for ben@example.com, a reset code is on its way.\n");
        Cli.Result nobody = cli.run("password", "forgot", "--email", "nobody@example.com");
        ok(nobody);
        assertThat(nobody.out()).as("the same answer without an account")
                .isEqualTo("If an account exists for nobody@example.com, a reset code is on its way.\n");
        String code = code("ben@example.com", "Reset");

        failure(cli.with("QODEX_NEW_PASSWORD", RESET).run("password", "reset", "--email", "ben@example.com", "--code",
                "2222-2222-2222"), 2, "This code is not valid: codes work once and for a limited time.");
        failure(cli.with("QODEX_NEW_PASSWORD", "short").run("password", "reset", "--email", "ben@example.com", "--code",
                code), 2, "The password is too weak: Use at least 12 characters (5 so far).");
        failure(cli.with("QODEX_NEW_PASSWORD", RESET).run("password", "reset", "--email", "ben@example.com", "--code",
                "12"), 2, "The code is the 12 letters and digits from the mail (XXXX-XXXX-XXXX).");

        Cli.Result reset = cli.with("QODEX_NEW_PASSWORD", RESET).run("password", "reset", "--email", "ben@example.com",
                "--code", code.toLowerCase());
        ok(reset);
        assertThat(reset.out()).isEqualTo("Password reset for ben@example.com. Your projects wait until an Admin's client "
                + "shares their keys with your new key pair.\n");

        failure(ben.with("QODEX_PASSWORD", CHANGED).run("whoami"), 4, "Wrong email or password.");
        Cli benNow = ben.with("QODEX_PASSWORD", RESET);
        ok(benNow.run("whoami"));
        // the code is single use
        failure(cli.with("QODEX_NEW_PASSWORD", "yet-another-pass-66").run("password", "reset", "--email",
                "ben@example.com", "--code", code), 2, "This code is not valid");
        ok(benNow.run("whoami"));

        // new key pairs: the project key waits for ana to confirm ben's new fingerprint
        String newFingerprint = fingerprint(benNow);
        assertThat(ok(benNow.run("project-key", "status", "--project", "shop")).out())
                .contains("you hold it: no (waiting for an Admin to confirm your key fingerprint: " + newFingerprint + ")");
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out())
                .containsPattern("ben@example.com +member +key changed: confirm again +" + newFingerprint);
        // a changed key is never confirmed blind (no console here): the words must be given
        failure(ana.run("members", "confirm", "--project", "shop", "--email", "ben@example.com"), 9,
                "The key of ben@example.com CHANGED since it was confirmed: not confirmed without --fingerprint.");
        assertThat(ok(benNow.run("project-key", "status", "--project", "shop")).out()).contains("you hold it: no");
        ok(ana.run("members", "confirm", "--project", "shop", "--email", "ben@example.com", "--fingerprint", newFingerprint));
        assertThat(ok(benNow.run("project-key", "status", "--project", "shop")).lines()).contains("you hold it: yes");
        assertThat(ok(benNow.run("env", "show", "QA", "--project", "shop")).out()).contains("****9876");
    }

    @Test
    @Order(4)
    void membersRoleChangesTheRoleAndDemotionRotatesTheKey() {
        Cli benNow = ben.with("QODEX_PASSWORD", RESET);
        assertThat(ok(ana.run("project-key", "status", "--project", "shop")).lines()).contains("key version: 1");

        Cli.Result promoted = ana.run("members", "role", "--project", "shop", "--email", "cat@example.com", "--role", "member");
        ok(promoted);
        assertThat(promoted.out()).isEqualTo("cat@example.com is now member in shop.\n");
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out())
                .containsPattern("cat@example.com +member +waiting for confirmation");
        assertThat(ok(cat.run("projects", "list")).out()).containsPattern("shop +Shop Web +member");
        assertThat(ok(cat.run("project-key", "status", "--project", "shop")).out()).contains("you hold it: no (waiting for an Admin");

        Cli.Result demoted = ana.run("members", "role", "--project", "shop", "--email", "ben@example.com", "--role", "VIEWER");
        ok(demoted);
        assertThat(demoted.out()).isEqualTo("ben@example.com is now viewer in shop.\n");
        assertThat(ok(ana.run("project-key", "status", "--project", "shop")).lines()).as("rotated in the same command")
                .contains("key version: 2");
        assertThat(ok(benNow.run("project-key", "status", "--project", "shop")).lines())
                .contains("you hold it: no (Viewers hold no key)");
        assertThat(ok(benNow.run("projects", "list")).out()).containsPattern("shop +Shop Web +viewer");
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out()).containsPattern("ben@example.com +viewer +active");
        assertThat(ok(ana.run("env", "show", "QA", "--project", "shop")).out()).contains("****9876");
        // the Viewer cannot use a secret any more
        failure(benNow.run("env", "set", "QA", "--project", "shop", "--var", "X=1", "--secret"), 5,
                "Viewers cannot change environments");
    }

    @Test
    @Order(5)
    void membersRoleFailuresAreOneLine() {
        Cli benNow = ben.with("QODEX_PASSWORD", RESET);
        failure(benNow.run("members", "role", "--project", "shop", "--email", "cat@example.com", "--role", "viewer"), 5,
                "Only an Admin of the project can change roles.");
        failure(ana.run("members", "role", "--project", "shop", "--email", "ana@example.com", "--role", "member"), 5,
                "A project must keep at least one Admin: make someone else Admin first.");
        failure(ana.run("members", "role", "--project", "shop", "--email", "cat@example.com", "--role", "owner"), 2,
                "The role must be admin, member or viewer");
        failure(ana.run("members", "role", "--project", "shop", "--email", "zed@example.com", "--role", "member"), 6,
                "zed@example.com is not a member of shop.");
        failure(ana.run("members", "role", "--project", "nope", "--email", "cat@example.com", "--role", "member"), 6,
                "No project with the slug \"nope\"");
        failure(ana.run("members", "role", "--project", "shop", "--email", "cat@example.com"), 2, "--role");
        // nothing changed
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out())
                .containsPattern("ana@example.com +admin").containsPattern("cat@example.com +member")
                .containsPattern("ben@example.com +viewer");
    }

    @Test
    @Order(6)
    void membersLeaveTakesTheProjectOutOfTheList() {
        Cli benNow = ben.with("QODEX_PASSWORD", RESET);
        Cli.Result left = benNow.run("members", "leave", "--project", "shop");
        ok(left);
        assertThat(left.out()).isEqualTo("You left shop.\n");
        assertThat(ok(benNow.run("projects", "list")).out())
                .isEqualTo("No projects yet. Create one: qodex projects create --name N --slug S\n");
        assertThat(ok(ana.run("members", "list", "--project", "shop")).out()).doesNotContain("ben@example.com");
        failure(benNow.run("members", "list", "--project", "shop"), 6, "No project with the slug \"shop\"");
        failure(benNow.run("members", "leave", "--project", "shop"), 6, "No project with the slug \"shop\"");
    }

    @Test
    @Order(7)
    void theLastAdminCannotLeaveNorLeaveTheKeyToNobody() {
        failure(ana.run("members", "leave", "--project", "shop"), 5,
                "A project must keep at least one Admin: make someone else Admin first.");
        assertThat(ok(ana.run("projects", "list")).out()).containsPattern("shop +Shop Web +admin");

        // cat, a Member still waiting for her key, becomes Admin: ana is then not the last Admin, but the last one
        // who holds the key; were she to go, nobody could confirm cat or rotate the key, and the secrets were lost
        ok(ana.run("members", "role", "--project", "shop", "--email", "cat@example.com", "--role", "admin"));
        String refusal = "You are the only Admin of Shop Web who holds its key: confirm another Admin first (qodex "
                + "members confirm), or nobody could rotate the key and its secrets would be lost.";
        failure(ana.run("members", "leave", "--project", "shop"), 5, refusal);
        failure(ana.run("members", "role", "--project", "shop", "--email", "ana@example.com", "--role", "viewer"), 5,
                refusal);
        assertThat(ok(ana.run("projects", "list")).out()).containsPattern("shop +Shop Web +admin");

        ok(ana.run("members", "confirm", "--project", "shop", "--email", "cat@example.com", "--fingerprint",
                fingerprint(cat)));
        Cli.Result left = ana.run("members", "leave", "--project", "shop");
        ok(left);
        assertThat(left.out()).isEqualTo("You left shop.\n");
        assertThat(ok(ana.run("projects", "list")).out()).doesNotContain("shop");
        // cat's next sign-in rotates the key ana held, and the secret is still readable
        Cli.Result status = ok(cat.run("project-key", "status", "--project", "shop"));
        assertThat(status.err()).contains("Rotated the key of 1 project(s).");
        assertThat(status.lines()).contains("key version: 3", "you hold it: yes");
        assertThat(ok(cat.run("env", "show", "QA", "--project", "shop")).out()).contains("****9876");
        assertThat(ok(cat.run("members", "list", "--project", "shop")).lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).matches("cat@example.com +admin +active .*"));
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private static void failure(Cli.Result result, int exitCode, String reason) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip()).startsWith("qodex: ").contains(reason).doesNotContain("\n");
    }

    private static String fingerprint(Cli who) {
        return Arrays.stream(ok(who.run("whoami")).lines()).filter(l -> l.startsWith("key fingerprint: ")).findFirst()
                .orElseThrow().substring("key fingerprint: ".length()).replace(" (read it to an Admin who confirms you)", "");
    }

    /** The code of the newest mail of that kind ("Verification", "Reset") to the address in the local outbox. */
    private static String code(String email, String kind) throws Exception {
        Path outbox = Path.of(cli.environment().get("QODEX_HOME"), "outbox");
        List<Path> mails;
        try (Stream<Path> files = Files.list(outbox)) {
            mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
        }
        Pattern pattern = Pattern.compile(kind + " code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})");
        for (int i = mails.size() - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(Files.readString(mails.get(i)));
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no " + kind + " code for " + email + " in " + mails);
    }
}
