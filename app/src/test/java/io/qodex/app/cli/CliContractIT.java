package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The {@code qodex} command line as other checks use it (README.md, docs/features.md): names, flags, environment variables,
 * output lines and exit codes. Runs in-process against a test database configured like a shared server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliContractIT {

    private static final String PASSWORD = "lantern-harbor-58k";
    private static TestDatabase db;
    private static Cli cli;

    @BeforeAll
    static void setUp() {
        db = TestPostgres.freshDatabase();
        cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static String codeFor(String email) throws Exception {
        Path outbox = Path.of(cli.environment().get("QODEX_HOME"), "outbox");
        List<Path> mails;
        try (Stream<Path> files = Files.list(outbox)) {
            mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
        }
        Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mails.get(mails.size() - 1)));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** Every command and subcommand answers --help, and qodex help names the same; none needs a database. */
    @Test
    @Order(0)
    void helpWorksOnEveryCommand() {
        List<List<String>> paths = new java.util.ArrayList<>();
        try (CliContext context = new CliContext(cli.environment(), new java.io.BufferedReader(new java.io.StringReader("")),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()))) {
            collect(CliMain.command(context), List.of(), paths);
        }
        assertThat(paths).hasSizeGreaterThan(60);
        for (List<String> path : paths) {
            String[] args = java.util.stream.Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new);
            Cli.Result help = cli.run(args);
            assertThat(help.exitCode()).as(String.join(" ", args) + ": " + help.err()).isZero();
            assertThat(help.out()).startsWith("Usage: qodex" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
        }
        Cli.Result viaHelp = cli.run("help", "scenarios");
        assertThat(viaHelp.exitCode()).isZero();
        assertThat(viaHelp.out()).startsWith("Usage: qodex scenarios").contains("secrets stay ${…} placeholders");
        assertThat(cli.run("env", "set-login", "--help").out()).contains("e.g. ${apiBaseUrl}/login")
                .contains("(${authEmail})");
        Cli.Result wrong = cli.run("projects", "--nope");
        assertThat(wrong.err()).contains("(see: qodex projects --help)");
        assertThat(cli.run("projects", "--help").out()).contains("-h, --help");
    }

    private static void collect(picocli.CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) { // aliases once
                List<String> next = new java.util.ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
            }
        });
    }

    @Test
    @Order(1)
    void signupVerifyWhoami() throws Exception {
        Cli.Result signup = cli.run("signup", "--email", "olivia@example.com");
        assertThat(signup.exitCode()).as(signup.err()).isZero();
        assertThat(signup.out()).contains("Signed up olivia@example.com.");

        Cli.Result verify = cli.run("verify", "--email", "olivia@example.com", "--code", codeFor("olivia@example.com"));
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("Verified olivia@example.com.");

        Cli.Result whoami = cli.with("QODEX_EMAIL", "olivia@example.com").run("whoami");
        assertThat(whoami.exitCode()).as(whoami.err()).isZero();
        assertThat(whoami.lines()).contains("email: olivia@example.com", "verified: yes");
    }

    @Test
    @Order(2)
    void psqlUrlOpensTheAccountsOwnLoginWhichTheRawPasswordDoesNot() throws Exception {
        Cli olivia = cli.with("QODEX_EMAIL", "olivia@example.com");
        Cli.Result url = olivia.run("db", "psql-url");
        assertThat(url.exitCode()).as(url.err()).isZero();
        String uri = url.out().strip();
        assertThat(uri).matches("postgresql://qx_[a-z2-7]{6}_[a-z2-7]{24}:[A-Za-z0-9_-]{43}@127\\.0\\.0\\.1:\\d+/qx_test_\\w+");
        assertThat(uri).doesNotContain(PASSWORD);
        Process psql = new ProcessBuilder("psql", "-X", "-At", uri, "-c", "select email from qodex.my_account()")
                .redirectErrorStream(true).start();
        assertThat(new String(psql.getInputStream().readAllBytes()).strip()).isEqualTo("olivia@example.com");
        assertThat(psql.waitFor()).isZero();
        // the account's password itself is not its database password (a stolen verifier costs an Argon2id per guess)
        String role = uri.substring("postgresql://".length(), uri.indexOf(':', "postgresql://".length()));
        assertThatThrownBy(() -> db.as(role, PASSWORD).getConnection().close())
                .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertFailure(olivia.with("QODEX_PASSWORD", "wrong-password-000").run("db", "psql-url"), 4, "Wrong email or password.");
    }

    @Test
    @Order(2)
    void projectsCreateListUse() {
        Cli olivia = cli.with("QODEX_EMAIL", "olivia@example.com");
        assertThat(olivia.run("projects", "create", "--name", "Shop Web", "--slug", "shop").out())
                .contains("Created project shop (Shop Web)");
        assertThat(olivia.run("projects", "create", "--name", "Admin Console", "--slug", "console").exitCode()).isZero();

        Cli.Result list = olivia.run("projects", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.lines()).containsExactly("SLUG     NAME           ROLE", "console  Admin Console  admin",
                "shop     Shop Web       admin");

        Cli.Result use = olivia.run("projects", "use", "shop");
        assertThat(use.out()).contains("Current project: shop");
        assertThat(olivia.run("whoami").out()).contains("current project: shop");
    }

    @Test
    @Order(3)
    void membersAddListRemove() throws Exception {
        Cli olivia = cli.with("QODEX_EMAIL", "olivia@example.com");
        assertThat(cli.run("signup", "--email", "pete@example.com").exitCode()).isZero();
        assertThat(cli.run("verify", "--email", "pete@example.com", "--code", codeFor("pete@example.com")).exitCode()).isZero();

        Cli.Result added = olivia.run("members", "add", "--project", "shop", "--email", "pete@example.com", "--role", "member");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Invited pete@example.com to shop as member: they join when they accept "
                + "(qodex invitations accept shop) and receive the key when an Admin confirms them (qodex members confirm).");

        Cli.Result invited = olivia.run("members", "add", "--project", "shop", "--email", "quinn@example.com", "--role", "viewer");
        assertThat(invited.out()).contains("Invited quinn@example.com to shop as viewer");

        // pete accepts, then reads his fingerprint to olivia, who confirms it
        Cli pete = cli.with("QODEX_EMAIL", "pete@example.com");
        assertThat(pete.run("invitations", "list").lines()).containsExactly(
                "PROJECT  NAME      ROLE    INVITED BY",
                "shop     Shop Web  member  olivia@example.com");
        Cli.Result accepted = pete.run("invitations", "accept", "shop");
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).startsWith("You joined shop as member. An Admin confirms your key fingerprint (");
        String fingerprint = java.util.Arrays.stream(pete.run("whoami").lines()).filter(l -> l.startsWith("key fingerprint: ")).findFirst()
                .orElseThrow().substring("key fingerprint: ".length()).replace(" (read it to an Admin who confirms you)", "");
        assertThat(fingerprint).matches("([a-z]+ ){7}[a-z]+");

        Cli.Result list = olivia.run("members", "list", "--project", "shop");
        assertThat(list.lines()).hasSize(4);
        assertThat(list.lines()[0]).matches("EMAIL +ROLE +STATE +FINGERPRINT");
        assertThat(list.lines()[2]).matches("pete@example.com +member +waiting for confirmation +" + fingerprint);
        assertThat(list.lines()[3]).matches("quinn@example.com +viewer +invited +-");

        assertFailure(olivia.run("members", "confirm", "--project", "shop", "--email", "pete@example.com",
                "--fingerprint", "acorn acorn acorn acorn acorn acorn acorn acorn"), 9, "not confirmed");
        Cli.Result confirmed = olivia.run("members", "confirm", "--project", "shop", "--email", "pete@example.com",
                "--fingerprint", fingerprint.toUpperCase());
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("Confirmed pete@example.com in shop (fingerprint: " + fingerprint
                + "). They hold the project key now.");
        assertThat(olivia.run("members", "list", "--project", "shop").lines()[2])
                .matches("pete@example.com +member +active +" + fingerprint);
        assertThat(pete.run("project-key", "status", "--project", "shop").lines()).contains("you hold it: yes");

        Cli.Result removed = olivia.run("members", "remove", "--project", "shop", "--email", "pete@example.com");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("Removed pete@example.com from shop.");
        assertThat(olivia.run("members", "list", "--project", "shop").out()).doesNotContain("pete@example.com");
    }

    @Test
    @Order(4)
    void failuresExitNonZeroWithOneLineReasons() {
        Cli olivia = cli.with("QODEX_EMAIL", "olivia@example.com");
        assertFailure(olivia.run("projects", "create", "--name", "Again", "--slug", "shop"), 7, "The slug \"shop\" is already taken.");
        assertFailure(olivia.run("projects", "create", "--name", "Bad", "--slug", "Bad Slug"), 2, "lowercase letters");
        assertFailure(olivia.run("members", "remove", "--project", "shop", "--email", "olivia@example.com"), 5,
                "at least one Admin");
        assertFailure(olivia.run("members", "add", "--project", "nope", "--email", "x@example.com", "--role", "member"), 6,
                "No project with the slug \"nope\"");
        assertFailure(olivia.run("members", "add", "--project", "shop", "--email", "x@example.com", "--role", "owner"), 2,
                "The role must be admin, member or viewer");
        assertFailure(olivia.with("QODEX_PASSWORD", "wrong-password-000").run("whoami"), 4, "Wrong email or password.");
        assertFailure(cli.run("verify", "--email", "olivia@example.com", "--code", "1234"), 2,
                "The code is the 12 letters and digits from the mail (XXXX-XXXX-XXXX).");
        assertFailure(cli.with("QODEX_PASSWORD", "password1234").run("signup", "--email", "weak@example.com"), 2, "too weak");
    }

    /**
     * The sign-up login's password is public: someone may hold all its connections. Who signed in on this computer
     * before signs in again without it (the login parameters are remembered); what needs it says so, naming it.
     */
    @Test
    @Order(4)
    void returningUsersSignInWhileSomeoneHoldsEveryConnectionOfTheSignUpLogin() throws Exception {
        Cli olivia = cli.with("QODEX_EMAIL", "olivia@example.com");
        assertThat(olivia.run("whoami").exitCode()).isZero();
        java.util.List<java.sql.Connection> held = new java.util.ArrayList<>();
        try {
            java.sql.SQLException full = null;
            while (full == null && held.size() < 64) {
                try {
                    held.add(db.signup().getConnection());
                } catch (java.sql.SQLException e) {
                    full = e;
                }
            }
            assertThat(full == null ? "no refusal" : full.getSQLState()).as("the sign-up login is full").isEqualTo("53300");

            Cli.Result again = olivia.run("whoami");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("olivia@example.com");
            assertFailure(cli.run("verify", "--email", "nobody@example.com", "--code", "AAAA-AAAA-AAAA"), 8,
                    "The database's shared sign-up login has all its connections in use");
        } finally {
            for (java.sql.Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    @Order(4)
    void aRefusedConnectionIsOneLineWithoutAStackTrace() throws Exception {
        String role;
        try (var c = db.owner().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select role_name from qodex.users where email = 'olivia@example.com'")) {
            rs.next();
            role = rs.getString(1);
            s.execute("alter role " + role + " connection limit 0");
        }
        try {
            Cli.Result refused = cli.with("QODEX_EMAIL", "olivia@example.com").run("whoami");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).isEqualTo("qodex: Your account has too many connections open at once: close other "
                    + "Qodex windows or database sessions and try again.\n");
        } finally {
            try (var c = db.owner().getConnection(); var s = c.createStatement()) {
                s.execute("alter role " + role + " connection limit 12");
            }
        }
    }

    @Test
    @Order(5)
    void thePasswordIsNeverAnArgument() {
        Cli.Result result = cli.run("signup", "--email", "rita@example.com", "--password", "x");
        assertFailure(result, 2, "Unknown options: '--password'");
    }

    private static void assertFailure(Cli.Result result, int exitCode, String reason) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
        assertThat(result.err().strip()).startsWith("qodex: ").contains(reason).doesNotContain("\n");
    }
}
