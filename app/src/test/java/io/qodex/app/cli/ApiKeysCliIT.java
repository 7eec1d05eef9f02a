package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code qodex api-keys} and {@code qodex ci env} as the issue spells them: a key printed once alone on standard
 * output, listed without its secret, read by a CI job that has only QODEX_DB_URL, QODEX_API_KEY and an empty home;
 * rotated, revoked and expired keys refused with a message that says which.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static Cli cli;
    private static String key;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        Cli anonymous = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "lantern-keys-71q");
        ok(anonymous.run("signup", "--email", "kai@example.com"));
        String code = new LocalOutbox(Path.of(anonymous.environment().get("QODEX_HOME"), "outbox"))
                .newestCode("kai@example.com").orElseThrow();
        ok(anonymous.run("verify", "--email", "kai@example.com", "--code", code));
        cli = anonymous.with("QODEX_EMAIL", "kai@example.com");
        ok(cli.run("projects", "create", "--name", "Shop", "--slug", "shop"));
        ok(cli.run("env", "create", "QA", "--project", "shop", "--preset", "qa", "--base-url", "https://qa.shop.test"));
        ok(cli.run("env", "set", "QA", "--project", "shop", "--var", "PLAIN=one two", "--var", "USER=ci"));
        ok(cli.runWithInput("s3cret-value\n", "env", "set", "QA", "--project", "shop", "--secret", "--var", "TOKEN"));
        ok(cli.run("env", "create", "Prod", "--project", "shop", "--preset", "production", "--base-url",
                "https://shop.test"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** A CI job's environment: the database URL and the key, a new empty home, nothing else. */
    private static Cli ci(String apiKey) throws Exception {
        return new Cli(Map.of("QODEX_HOME", Files.createTempDirectory("ci-home").toString(), "QODEX_DB_URL", db.jdbcUrl(),
                "QODEX_API_KEY", apiKey));
    }

    @Test
    @Order(1)
    void createPrintsTheKeyOnceAloneOnStandardOutput() {
        Cli.Result created = cli.run("api-keys", "create", "--project", "shop", "--name", "github-actions", "--scope",
                "env:read", "--expires-in", "30d");
        ok(created);
        assertThat(created.out()).matches("qdx_[a-z2-7]{21}_[a-z2-7]{52}\n");
        assertThat(created.err()).contains("Created API key \"github-actions\" for shop (env:read)")
                .contains("shown once");
        key = created.out().strip();

        Cli.Result list = cli.run("api-keys", "list", "--project", "shop");
        ok(list);
        assertThat(list.out()).contains("github-actions", key.substring(4, 25), "env:read", "kai@example.com", "active")
                .doesNotContain(key.substring(26));

        Cli.Result refused = cli.run("api-keys", "create", "--project", "shop", "--name", "x", "--scope", "secrets:write",
                "--expires-in", "30d");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("secrets:write");
        Cli.Result tooLong = cli.run("api-keys", "create", "--project", "shop", "--name", "x", "--scope", "env:read",
                "--expires-in", "2y");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err()).contains("between an hour and a year");
        Cli.Result twice = cli.run("api-keys", "create", "--project", "shop", "--name", "GitHub-Actions", "--scope",
                "env:read", "--expires-in", "1m");
        assertThat(twice.exitCode()).isNotZero();
        assertThat(twice.err()).contains("already has a key named");
    }

    @Test
    @Order(2)
    void ciEnvReadsTheEnvironmentWithTheKeyAlone() throws Exception {
        Cli.Result json = ci(key).run("ci", "env", "qa");
        ok(json);
        JsonNode document = JSON.readTree(json.out());
        assertThat(document.get("project").asText()).isEqualTo("shop");
        assertThat(document.get("environment").asText()).isEqualTo("QA");
        assertThat(document.get("base_url").asText()).isEqualTo("https://qa.shop.test");
        assertThat(document.get("production_like").asBoolean()).isFalse();
        assertThat(document.get("constraints").get("max_requests_per_second").asInt()).isEqualTo(20);
        assertThat(document.get("variables").get("PLAIN").asText()).isEqualTo("one two");
        assertThat(document.get("variables").has("TOKEN")).isFalse();
        assertThat(document.get("omitted_secrets").get(0).asText()).isEqualTo("TOKEN");
        assertThat(json.out() + json.err()).doesNotContain("s3cret-value");

        Cli.Result dotenv = ci(key).run("ci", "env", "QA", "--format", "dotenv");
        ok(dotenv);
        assertThat(dotenv.lines()).contains("QODEX_BASE_URL=https://qa.shop.test", "QODEX_READ_ONLY=false",
                "QODEX_VAR_PLAIN='one two'", "QODEX_VAR_USER=ci",
                "# QODEX_VAR_TOKEN is secret: omitted (the key has no secrets:read scope)");

        // a member's variable is data, never code, when a CI job sources the dotenv output
        Path marker = Files.createTempDirectory("dotenv").resolve("ran");
        String hostile = "`touch " + marker + "` $(touch " + marker + ") $HOME 'single' \"double\" back\\slash\nline two";
        ok(cli.run("env", "set", "QA", "--project", "shop", "--var", "HOSTILE=" + hostile, "--var",
                "BASH_ENV=$(touch " + marker + ")", "--var", "QODEX_READ_ONLY=false", "--var", "PATH=/nowhere"));
        Path dotenvFile = Files.createTempDirectory("dotenv").resolve("qa.env");
        Files.writeString(dotenvFile, ci(key).run("ci", "env", "QA", "--format", "dotenv").out());
        // names are prefixed: BASH_ENV, PATH and the constraints' own names cannot be set by a variable
        Process shell = new ProcessBuilder("bash", "-c", "set -a; . \"$1\"; bash -c :; printf '%s|%s|%s' "
                + "\"$QODEX_VAR_HOSTILE\" \"$QODEX_READ_ONLY\" \"$PATH\"", "bash", dotenvFile.toString()).start();
        assertThat(new String(shell.getInputStream().readAllBytes()))
                .isEqualTo(hostile + "|false|" + System.getenv("PATH"));
        assertThat(shell.waitFor()).isZero();
        assertThat(marker).doesNotExist();

        Cli.Result production = ci(key).run("ci", "env", "Prod");
        ok(production);
        assertThat(production.err()).startsWith("qodex: warning: Prod is production-like: read-only");

        Cli.Result unknown = ci(key).run("ci", "env", "Staging");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).isEqualTo("qodex: No environment \"Staging\" in shop; it has: QA, Prod.\n");

        Cli.Result listed = cli.run("api-keys", "list", "--project", "shop", "--json");
        assertThat(JSON.readTree(listed.out()).get(0).get("last_used_at").isNull()).isFalse();
    }

    @Test
    @Order(3)
    void rotatedRevokedExpiredAndWrongKeysAreRefusedSayingWhich() throws Exception {
        Cli.Result rotated = cli.run("api-keys", "rotate", "--project", "shop", "--name", "github-actions");
        ok(rotated);
        String next = rotated.out().strip();
        assertThat(next).matches("qdx_[a-z2-7]{21}_[a-z2-7]{52}").isNotEqualTo(key);
        Cli.Result old = ci(key).run("ci", "env", "QA");
        assertThat(old.exitCode()).isEqualTo(4);
        assertThat(old.err()).startsWith("qodex: This API key was revoked (or rotated");
        ok(ci(next).run("ci", "env", "QA"));

        String wrong = next.substring(0, next.length() - 4) + (next.endsWith("aaaa") ? "bbbb" : "aaaa");
        Cli.Result refused = ci(wrong).run("ci", "env", "QA");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("The database refused the API key").doesNotContain(wrong);

        // expired: the database refuses the login (VALID UNTIL); the key's text says when it expired
        String id = next.substring(10, 18);
        try (Connection c = db.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter role qx_" + TestPostgres.INSTALLATION.id() + "_k_" + id + " valid until '2001-01-01'");
        }
        String expiredText = next.substring(0, 18) + "aaaaaaa" + next.substring(25); // expiry 1970-01-01 in the text
        Cli.Result expired = ci(expiredText).run("ci", "env", "QA");
        assertThat(expired.exitCode()).isEqualTo(4);
        assertThat(expired.err()).startsWith("qodex: This API key expired on 1970-01-01 00:00 UTC.");
        try (Connection c = db.superuser().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter role qx_" + TestPostgres.INSTALLATION.id() + "_k_" + id + " valid until 'infinity'");
        }

        ok(cli.run("api-keys", "revoke", "--project", "shop", "--name", "github-actions"));
        Cli.Result revoked = ci(next).run("ci", "env", "QA");
        assertThat(revoked.exitCode()).isEqualTo(4);
        assertThat(revoked.err()).startsWith("qodex: This API key was revoked");
        assertThat(cli.run("api-keys", "list", "--project", "shop").out()).contains("revoked");

        Cli.Result malformed = ci("not-a-key").run("ci", "env", "QA");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("QODEX_API_KEY is not a Qodex API key").doesNotContain("not-a-key\"");
    }

    private static void ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
