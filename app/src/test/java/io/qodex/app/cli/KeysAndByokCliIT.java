package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.testing.Cli;
import io.qodex.app.testing.FakeOpenAi;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code qodex byok ...} and {@code qodex project-key ...} (and its old name, {@code keys}) as README.md spells them
 * out.
 */
class KeysAndByokCliIT {

    private static TestDatabase db;
    private static FakeOpenAi openAi;
    private static Cli admin;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        openAi = new FakeOpenAi("sk-cli-good-key-1234567890wxyz");
        Cli cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "lantern-harbor-58k")
                .with("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
        for (String email : new String[] {"uma@example.com", "walt@example.com"}) {
            assertThat(cli.run("signup", "--email", email).exitCode()).isZero();
            assertThat(cli.run("verify", "--email", email, "--code", code(cli, email)).exitCode()).isZero();
        }
        admin = cli.with("QODEX_EMAIL", "uma@example.com");
        assertThat(admin.run("projects", "create", "--name", "Keys", "--slug", "keys").exitCode()).isZero();
    }

    @AfterAll
    static void tearDown() {
        openAi.close();
        db.close();
    }

    @Test
    void byokSetShowRemove() {
        Cli.Result none = admin.run("byok", "show", "--project", "keys");
        assertThat(none.lines()).containsExactly("provider: none", "funding: platform");

        Cli.Result rejected = admin.with("QODEX_BYOK_KEY", "sk-cli-bad-key-0000000000000").run("byok", "set", "--project",
                "keys", "--provider", "openai");
        assertThat(rejected.exitCode()).isEqualTo(10);
        assertThat(rejected.err().strip()).isEqualTo("qodex: OpenAI refused the key: 401 invalid_api_key: Incorrect API "
                + "key provided. Your key was not saved.");

        Cli.Result planned = admin.with("QODEX_BYOK_KEY", "sk-x").run("byok", "set", "--project", "keys", "--provider", "google");
        assertThat(planned.exitCode()).isEqualTo(2);
        assertThat(planned.err()).contains("Google keys are planned");

        Cli.Result set = admin.with("QODEX_BYOK_KEY", "sk-cli-good-key-1234567890wxyz").run("byok", "set", "--project",
                "keys", "--provider", "openai");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("ending in wxyz").doesNotContain("sk-cli-good");

        Cli.Result show = admin.run("byok", "show", "--project", "keys");
        assertThat(show.lines()).contains("provider: openai", "last four: wxyz", "set by: uma@example.com", "funding: byok")
                .anyMatch(line -> line.matches("set at: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC"));

        Cli.Result removed = admin.run("byok", "remove", "--project", "keys");
        assertThat(removed.out()).contains("platform-funded again");
        assertThat(admin.run("byok", "show", "--project", "keys").lines()).contains("funding: platform");
    }

    @Test
    void keysShareRotateStatus() {
        assertThat(admin.run("members", "add", "--project", "keys", "--email", "walt@example.com", "--role", "member")
                .out()).contains("Invited walt@example.com");
        Cli walt = admin.with("QODEX_EMAIL", "walt@example.com");
        assertThat(walt.run("invitations", "accept", "keys").exitCode()).isZero();
        assertThat(walt.run("keys", "status", "--project", "keys").lines())
                .anyMatch(line -> line.startsWith("you hold it: no (waiting for an Admin to confirm your key fingerprint: "));
        assertThat(admin.run("keys", "share", "--project", "keys").out())
                .contains("walt@example.com: waiting for confirmation (fingerprint: ")
                .contains("qodex members confirm --project keys --email <address>");
        assertThat(admin.run("members", "confirm", "--project", "keys", "--email", "walt@example.com").exitCode()).isZero();
        assertThat(walt.run("keys", "status", "--project", "keys").lines()).contains("you hold it: yes");

        Cli.Result rotated = admin.run("project-key", "rotate", "--project", "keys");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).matches("(?s)Rotated the key of keys to version \\d+; re-encrypted \\d+ secret\\(s\\)\\.\\s*");
        assertThat(walt.run("project-key", "status", "--project", "keys").lines()).contains("you hold it: yes");
        Cli.Result oldName = admin.run("keys", "share", "--project", "keys");
        assertThat(oldName.out()).contains("Nobody in keys is waiting for the key.");
        assertThat(oldName.err()).isEqualTo("qodex: hint: \"qodex keys\" is now \"qodex project-key\" (the project's "
                + "encryption key); the old name still works.\n");

        Cli.Result refused = walt.run("keys", "rotate", "--project", "keys");
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).contains("Only an Admin of Keys can rotate its key.");
    }

    private static String code(Cli cli, String email) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(cli.environment().get("QODEX_HOME"), "outbox"))) {
            Path mail = files.filter(p -> p.getFileName().toString().contains(email)).findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }
}
