package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.testing.ApiServer;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on every list and show command (docs/cli-json.md): one document on standard output that parses, with
 * exactly the documented fields, typed values, nothing else on standard output, and no secret in it.
 */
class CliJsonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-json-secret-value-5678";
    private static TestDatabase db;
    private static ApiServer api;
    private static Cli ana;
    private static Cli ben;

    @TempDir
    static Path files;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        api = new ApiServer();
        Cli cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "saffron-lattice-42m");
        LocalOutbox outbox = new LocalOutbox(Path.of(cli.environment().get("QODEX_HOME"), "outbox"));
        for (String name : List.of("ana", "ben")) {
            ok(cli.run("signup", "--email", name + "@example.com"));
            ok(cli.run("verify", "--email", name + "@example.com", "--code",
                    outbox.newestCode(name + "@example.com").orElseThrow()));
        }
        ana = cli.with("QODEX_EMAIL", "ana@example.com");
        ben = cli.with("QODEX_EMAIL", "ben@example.com");
        ok(ana.run("projects", "create", "--name", "Shop", "--slug", "shop"));
        ok(ana.run("members", "add", "--project", "shop", "--email", "ben@example.com", "--role", "member"));
        Path environment = files.resolve("qa.env.json");
        Files.writeString(environment, JSON.writeValueAsString(Map.of("format", "qodex.environment.v1", "name", "QA",
                "preset", "qa", "baseUrl", api.url(""), "variables", List.of(Map.of("name", "API_SECRET", "value", SECRET,
                        "secret", true), Map.of("name", "REGION", "value", "eu", "secret", false)),
                "authProfiles", List.of(Map.of("name", "admin", "email", "ops@example.com", "password", "pw-9",
                        "staticToken", "tok-json-0000-9999")))));
        ok(ana.run("env", "import", "--project", "shop", environment.toString()));
        Path scenarios = files.resolve("scenarios.json");
        Files.writeString(scenarios, JSON.writeValueAsString(Map.of("format", "qodex.scenarios.v1", "scenarios",
                List.of(Map.of("name", "Items", "tags", List.of("smoke"), "steps", List.of(Map.of("name", "list",
                        "request", Map.of("method", "GET", "url", "${baseUrl}/items"),
                        "expect", Map.of("status", 299))))))));
        ok(ana.run("scenarios", "import", "--project", "shop", scenarios.toString()));
        assertThat(ana.run("scenarios", "run", "--project", "shop", "--env", "QA", "Items").exitCode()).isEqualTo(1);
    }

    @AfterAll
    static void tearDown() {
        api.close();
        db.close();
    }

    @Test
    void listsAreArraysOfObjectsWithTheDocumentedFields() throws Exception {
        assertFields(array(ana, "projects", "list"), "slug", "name", "role", "archived");
        assertFields(array(ana, "members", "list", "--project", "shop"), "email", "role", "state", "fingerprint");
        assertFields(array(ben, "invitations", "list"), "project", "name", "role", "invited_by");
        JsonNode environments = array(ana, "env", "list", "--project", "shop");
        assertFields(environments, "active", "name", "preset", "label", "production_like", "base_url", "constraints");
        assertThat(environments.get(0).get("constraints").get("max_requests_per_second").isInt()).isTrue();
        assertThat(environments.get(0).get("active").isBoolean()).isTrue();
        assertFields(array(ana, "prices", "list"), "provider", "model", "input_usd_per_million",
                "output_usd_per_million", "cached_input_usd_per_million", "valid_from");
        JsonNode scenarios = array(ana, "scenarios", "list", "--project", "shop");
        assertFields(scenarios, "name", "tags", "collection", "steps", "flags", "last_run", "result");
        assertThat(scenarios.get(0).get("steps").asInt()).isEqualTo(1);
        assertThat(scenarios.get(0).get("tags").get(0).asText()).isEqualTo("smoke");
        assertThat(scenarios.get(0).get("result").asText()).isEqualTo("failed");
        assertFields(array(ana, "scenarios", "runs", "--project", "shop"), "id", "finished_at", "scenario",
                "environment", "result", "summary", "by");
        JsonNode findings = array(ana, "findings", "list", "--project", "shop");
        assertFields(findings, "id", "created_at", "severity", "status", "scenario", "step", "expected", "actual");
        assertThat(findings.get(0).get("id").isNumber()).isTrue();
        assertThat(array(ana, "chats", "list", "--project", "shop")).isEmpty(); // [] and no "No chats" sentence
        ok(ana.run("api-keys", "create", "--project", "shop", "--name", "ci", "--scope", "env:read,webhooks",
                "--expires-in", "2w"));
        JsonNode keys = array(ana, "api-keys", "list", "--project", "shop");
        assertFields(keys, "name", "prefix", "scopes", "created_by", "created_at", "last_used_at", "expires_at", "state");
        assertThat(keys.get(0).get("scopes").get(1).asText()).isEqualTo("webhooks");
        assertThat(keys.get(0).get("last_used_at").isNull()).isTrue();
    }

    @Test
    void showsAreObjectsWithTheDocumentedFieldsAndNoSecret() throws Exception {
        JsonNode environment = object(ana, "env", "show", "--project", "shop", "QA");
        assertThat(names(environment)).containsExactly("name", "preset", "label", "production_like", "color",
                "base_url", "api_base_url", "constraints", "last_change", "variables", "profiles");
        assertThat(names(environment.get("variables").get(0))).containsExactly("name", "value", "secret", "problem");
        assertThat(names(environment.get("profiles").get(0))).containsExactly("name", "email", "password_set",
                "static_token", "http_login", "ui_login_recorded");
        assertThat(environment.get("api_base_url").isNull()).isTrue();
        JsonNode caps = object(ana, "caps", "show", "--project", "shop");
        assertThat(names(caps)).containsExactly("project", "default_caps", "windows");
        assertThat(names(caps.get("windows").get(0))).containsExactly("window", "used_usd", "cap_usd", "percent",
                "headroom_usd", "headroom_returns_in_seconds");
        assertThat(caps.get("windows").get(0).get("cap_usd").isNumber()).isTrue();
        JsonNode spend = object(ana, "spend", "--project", "shop", "--by", "source");
        assertThat(names(spend)).containsExactly("from", "to", "by", "rows", "total");
        assertThat(names(spend.get("total"))).containsExactly("calls", "input_tokens", "output_tokens", "cached_tokens",
                "cost_usd");
        assertThat(names(object(ana, "byok", "show", "--project", "shop"))).containsExactly("provider", "last_four",
                "set_by", "set_at", "funding");
        assertThat(names(object(ana, "org", "platform-key", "show"))).containsExactly("provider", "last_four",
                "set_by", "set_at");
    }

    private static JsonNode array(Cli who, String... command) throws Exception {
        JsonNode document = document(who, command);
        assertThat(document.isArray()).as(String.join(" ", command)).isTrue();
        return document;
    }

    private static JsonNode object(Cli who, String... command) throws Exception {
        JsonNode document = document(who, command);
        assertThat(document.isObject()).as(String.join(" ", command)).isTrue();
        return document;
    }

    private static JsonNode document(Cli who, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.add("--json");
        Cli.Result result = ok(who.run(arguments.toArray(String[]::new)));
        return JSON.readTree(result.out()); // throws unless standard output is exactly one JSON document
    }

    private static void assertFields(JsonNode array, String... fields) {
        assertThat(array).as("rows").isNotEmpty();
        for (JsonNode row : array) {
            assertThat(names(row)).containsExactly(fields);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain(SECRET).doesNotContain("tok-json-0000-9999");
        return result;
    }
}
