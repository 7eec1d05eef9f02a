package io.qodex.app.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.app.testing.ApiServer;
import io.qodex.app.testing.Cli;
import io.qodex.app.testing.TestBackends;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code qodex scenarios} and {@code qodex findings} contract (F14) against a local API that records what reached
 * it: constraints are enforced before anything leaves the machine, captures flow, failures exit non-zero with a JUnit
 * failure and a finding, export and import round-trip, hostile files change nothing, secrets never show.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenariosCliIT {

    private static final String SECRET = "sk-scenario-secret-8842";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static Cli cli;
    private static ApiServer api;

    @TempDir
    static Path files;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        api = new ApiServer();
        Cli anonymous = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "lantern-harbor-58k");
        assertThat(anonymous.run("signup", "--email", "sam@example.com").exitCode()).isZero();
        assertThat(anonymous.run("verify", "--email", "sam@example.com", "--code", code(anonymous)).exitCode())
                .isZero();
        cli = anonymous.with("QODEX_EMAIL", "sam@example.com");
        ok(cli.run("projects", "create", "--name", "Shop", "--slug", "shop"));
        ok(cli.run("projects", "create", "--name", "Other", "--slug", "other"));
        environment("QA", false, 100, false, false);
        environment("RO", true, 5, false, false);
        environment("Prod", true, 50, false, true);
    }

    @AfterAll
    static void tearDown() {
        api.close();
        db.close();
    }

    private static void environment(String name, boolean readOnly, int rps, boolean destructive, boolean production)
            throws Exception {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("method", "POST");
        login.put("url", "${baseUrl}/login");
        login.put("headers", List.of());
        login.put("body", "{\"user\": \"${authEmail}\", \"password\": \"${authPassword}\"}");
        login.put("tokenPath", "$.token");
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", "qodex.environment.v1");
        tree.put("name", name);
        tree.put("preset", "custom");
        tree.put("baseUrl", api.url(""));
        tree.put("productionLike", production);
        tree.put("readOnly", readOnly);
        tree.put("maxRequestsPerSecond", rps);
        tree.put("allowDestructiveTests", destructive);
        tree.put("allowSecurityTesting", false);
        tree.put("variables", List.of(Map.of("name", "API_SECRET", "value", SECRET, "secret", true)));
        tree.put("authProfiles", List.of(Map.of("name", "admin", "email", "ops", "password", ApiServer.PASSWORD,
                "apiLogin", login)));
        Path file = files.resolve(name + ".env.json");
        Files.writeString(file, JSON.writeValueAsString(tree));
        ok(cli.run("env", "import", "--project", "shop", file.toString()));
    }

    private static String code(Cli anonymous) throws Exception {
        Path outbox = Path.of(anonymous.environment().get("QODEX_HOME"), "outbox");
        String mail;
        try (Stream<Path> paths = Files.list(outbox)) {
            mail = Files.readString(paths.sorted().reduce((a, b) -> b).orElseThrow());
        }
        Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(mail);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        return clean(result);
    }

    private static Cli.Result clean(Cli.Result result) {
        assertThat(result.out() + result.err()).doesNotContain(SECRET).doesNotContain(ApiServer.TOKEN)
                .doesNotContain(ApiServer.PASSWORD);
        return result;
    }

    private static Map<String, Object> step(String name, String method, String url, Map<String, Object> expect,
                                            Map<String, String> capture) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("url", url);
        request.put("headers", Map.of("X-Api-Secret", "${API_SECRET}"));
        request.put("body", method.equals("POST") ? "{\"name\": \"${API_SECRET}\"}" : null);
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("request", request);
        step.put("expect", expect);
        step.put("capture", capture);
        return step;
    }

    private static Map<String, Object> scenario(String name, List<String> tags, boolean destructive, String profile,
                                                List<Map<String, Object>> steps) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", name);
        scenario.put("tags", tags);
        scenario.put("destructive", destructive);
        scenario.put("security", false);
        scenario.put("profile", profile);
        scenario.put("steps", steps);
        return scenario;
    }

    private static Path scenarioFile() throws Exception {
        List<Map<String, Object>> pace = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            pace.add(step("get " + i, "GET", "${baseUrl}/items", Map.of("status", 200), Map.of()));
        }
        List<Object> scenarios = List.of(
                scenario("list items", List.of("smoke"), false, null, List.of(
                        step("get items", "GET", "${baseUrl}/items", Map.of("status", 200,
                                "jsonPath", Map.of("$.items[0].name", "a", "$.items[0].price", 12.5)),
                                Map.of("FIRST_ID", "$.items[0].id")),
                        step("get first", "GET", "${baseUrl}/items/${FIRST_ID}", Map.of("status", 200,
                                "jsonPath", Map.of("$.id", 7)), Map.of()))),
                scenario("create item", List.of("write"), false, null, List.of(
                        step("post item", "POST", "${baseUrl}/items", Map.of("status", 201), Map.of()))),
                scenario("wipe items", List.of("write"), true, null, List.of(
                        step("delete item", "DELETE", "${baseUrl}/items/7", Map.of("status", 201), Map.of()))),
                scenario("who am i", List.of("smoke"), false, "admin", List.of(
                        step("me", "GET", "${baseUrl}/me", Map.of("status", 200, "jsonPath", Map.of("$.user", "ops")),
                                Map.of()))),
                scenario("echo", List.of("smoke"), false, null, List.of(
                        step("echo", "GET", "${baseUrl}/echo", Map.of("status", 200), Map.of()))),
                scenario("broken", List.of("failing"), false, null, List.of(
                        step("count", "GET", "${baseUrl}/items", Map.of("status", 200, "jsonPath",
                                Map.of("$.count", 2), "headers", Map.of("X-Served-By", "api-server")), Map.of()))),
                scenario("pace", List.of("pace"), false, null, pace));
        Path file = files.resolve("scenarios.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("format", "qodex.scenarios.v1", "scenarios", scenarios)));
        return file;
    }

    @Test
    @Order(1)
    void importsAFileAndListsIt() throws Exception {
        assertThat(ok(cli.run("scenarios", "import", "--project", "shop", scenarioFile().toString())).out())
                .contains("Imported into shop: 7 added, 0 replaced, 0 skipped.");
        String list = ok(cli.run("scenarios", "list", "--project", "shop")).out();
        assertThat(list).contains("NAME").contains("list items").contains("wipe items").contains("destructive")
                .contains("never");
        assertThat(ok(cli.run("scenarios", "list", "--project", "shop", "--tag", "write")).lines()).hasSize(3);
    }

    @Test
    @Order(2)
    void capturesFlowSecretsAreSentButNeverShownAndTheProfileTokenIsUsed() {
        int before = api.seen.size();
        Cli.Result run = ok(cli.run("scenarios", "run", "--project", "shop", "--env", "QA", "list items", "who am i",
                "echo"));
        assertThat(run.out()).contains("PASSED   get first  GET " + api.url("/items/7"))
                .contains("3 scenario(s) on QA: 3 passed, 0 not.");
        List<ApiServer.Seen> reached = api.seen.subList(before, api.seen.size());
        assertThat(reached).extracting(ApiServer.Seen::path).contains("/items", "/items/7", "/login", "/me", "/echo");
        assertThat(reached).filteredOn(s -> s.path().equals("/items")).allMatch(s -> s.header("X-Api-Secret")
                .equals(SECRET));
        assertThat(reached).filteredOn(s -> s.path().equals("/me"))
                .allMatch(s -> s.header("Authorization").equals("Bearer " + ApiServer.TOKEN));
    }

    @Test
    @Order(3)
    void aWriteOnAReadOnlyEnvironmentNeverLeavesTheMachine() {
        int posts = api.seen("POST").size();
        Cli.Result run = clean(cli.run("scenarios", "run", "--project", "shop", "--env", "RO", "create item"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("REFUSED").contains("RO is read-only");
        assertThat(api.seen("POST")).hasSize(posts);
    }

    @Test
    @Order(4)
    void thirtyGetsOnAFivePerSecondEnvironmentNeverExceedFiveInAnySecondAtTheServer() {
        int before = api.seen.size();
        ok(cli.run("scenarios", "run", "--project", "shop", "--env", "RO", "--tag", "pace"));
        List<Long> arrivals = api.seen.subList(before, api.seen.size()).stream().map(ApiServer.Seen::at).sorted()
                .toList();
        assertThat(arrivals).hasSize(30);
        for (int i = 0; i + 5 < arrivals.size(); i++) {
            assertThat(arrivals.get(i + 5) - arrivals.get(i)).as("arrivals %d and %d", i, i + 5)
                    .isGreaterThanOrEqualTo(1_000_000_000L);
        }
    }

    @Test
    @Order(5)
    void aDestructiveScenarioIsRefusedWhereTheEnvironmentDoesNotAllowIt() {
        int before = api.seen.size();
        Cli.Result run = clean(cli.run("scenarios", "run", "--project", "shop", "--env", "QA", "wipe items"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("refused").contains("wipe items is marked destructive and QA does not allow "
                + "destructive tests");
        assertThat(api.seen).hasSize(before);
    }

    @Test
    @Order(6)
    void aFailedExpectationExitsNonZeroWithAJunitFailureAndAFinding() throws Exception {
        Path junit = files.resolve("report.xml");
        Cli.Result run = clean(cli.run("scenarios", "run", "--project", "shop", "--env", "QA", "--tag", "failing",
                "--junit", junit.toString()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED").contains("$.count: expected 2, got 1");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<testsuite name=\"broken\" tests=\"1\" failures=\"1\"")
                .contains("<failure type=\"expectation\" message=\"$.count: expected 2, got 1\"");
        assertThat(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(junit.toFile()).getDocumentElement().getAttribute("failures")).isEqualTo("1");
        String findings = ok(cli.run("findings", "list", "--project", "shop")).out();
        assertThat(findings).contains("broken").contains("count").contains("medium");
        assertThat(ok(cli.run("scenarios", "runs", "--project", "shop")).out()).contains("failed").contains("refused");
    }

    @Test
    @Order(7)
    void aProductionLikeEnvironmentNeedsYes() {
        int before = api.seen.size();
        Cli.Result refused = clean(cli.run("scenarios", "run", "--project", "shop", "--env", "Prod", "list items"));
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).contains("Prod is production-like").contains("--yes");
        assertThat(api.seen).hasSize(before);
        ok(cli.run("scenarios", "run", "--project", "shop", "--env", "Prod", "list items", "--yes"));
        assertThat(api.seen.size()).isGreaterThan(before);
    }

    @Test
    @Order(8)
    void exportAndImportRoundTripBetweenProjectsWithSecretsAsPlaceholders() throws Exception {
        Path exported = files.resolve("exported.json");
        ok(cli.run("scenarios", "export", "--project", "shop", "--out", exported.toString()));
        String text = Files.readString(exported);
        assertThat(text).contains("${API_SECRET}").doesNotContain(SECRET);
        ok(cli.run("scenarios", "import", "--project", "other", exported.toString()));
        Path again = files.resolve("again.json");
        ok(cli.run("scenarios", "export", "--project", "other", "--out", again.toString()));
        assertThat(JSON.readTree(again.toFile())).isEqualTo(JSON.readTree(exported.toFile()));
        assertThat(ok(cli.run("scenarios", "export", "--project", "shop", "--tag", "smoke")).out())
                .contains("who am i").doesNotContain("wipe items");
    }

    @Test
    @Order(9)
    void hostileOrConflictingImportsChangeNothing() throws Exception {
        String listed = ok(cli.run("scenarios", "list", "--project", "other")).out();
        StringBuilder many = new StringBuilder("{\"format\": \"qodex.scenarios.v1\", \"scenarios\": [");
        for (int i = 0; i < 20_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\": \"s").append(i).append("\", \"steps\": [{\"name\": \"a\", ")
                    .append("\"request\": {\"method\": \"GET\", \"url\": \"${baseUrl}\"}}]}");
        }
        many.append("]}");
        assertRefused(many.toString(), "scenarios: At most 1000 entries (20000 given).");
        assertRefused("{\"format\": \"qodex.scenarios.v1\", \"scenarios\": [{\"name\": \"" + "x".repeat(2_000_000)
                + "\", \"steps\": []}]}", "goes beyond the limits of a scenario file");
        assertRefused("{\"format\": \"qodex.scenarios.v1\", \"scenarios\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                "goes beyond the limits of a scenario file");
        Cli.Result types = assertRefused("{\"format\": \"qodex.scenarios.v1\", \"scenarios\": [{\"name\": \"t\", "
                + "\"evil\": 1, \"steps\": \"x\"}, {\"name\": \"u\", \"steps\": [{\"name\": \"s\", \"request\": "
                + "{\"method\": \"TRACE\", \"url\": \"${nope\"}, \"capture\": {\"1bad\": \"items\"}}]}]}", "problem(s)");
        assertThat(types.err()).contains("scenarios[0].evil: Unknown field.")
                .contains("scenarios[0].steps: Expected a list, found text.")
                .contains("scenarios[1].steps[0].request.method: The method must be one of")
                .contains("scenarios[1].steps[0].request.url:")
                .contains("scenarios[1].steps[0].capture[0]:");
        Path exported = files.resolve("exported.json");
        Cli.Result conflict = clean(cli.run("scenarios", "import", "--project", "other", exported.toString()));
        assertThat(conflict.exitCode()).isEqualTo(2);
        assertThat(conflict.err()).contains("scenarios[3].name: The project already has a scenario named list items; "
                + "choose whether to rename, replace or skip the scenarios whose names exist (--on-conflict on the "
                + "command line).");
        assertThat(ok(cli.run("scenarios", "list", "--project", "other")).out()).isEqualTo(listed);

        assertThat(ok(cli.run("scenarios", "import", "--project", "other", exported.toString(), "--on-conflict",
                "skip")).out()).contains("0 added, 0 replaced, 7 skipped");
        assertThat(ok(cli.run("scenarios", "import", "--project", "other", exported.toString(), "--on-conflict",
                "replace")).out()).contains("0 added, 7 replaced, 0 skipped");
        Cli.Result renamed = ok(cli.run("scenarios", "import", "--project", "other", exported.toString(),
                "--on-conflict", "rename"));
        assertThat(renamed.out()).contains("7 added");
        assertThat(renamed.err()).contains("renamed: list items → list items (2)");
        assertThat(ok(cli.run("scenarios", "list", "--project", "other")).lines()).hasSize(15);
    }

    private static Cli.Result assertRefused(String content, String message) throws Exception {
        Path file = files.resolve("hostile.json");
        Files.writeString(file, content);
        Cli.Result result = clean(cli.run("scenarios", "import", "--project", "other", file.toString()));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(message);
        return result;
    }

    /** Rows written around the client (by SQL) neither break lists for everyone nor drive the terminal. */
    @Test
    @Order(10)
    void rowsWrittenAroundTheClientBreakNothing() throws Exception {
        try (java.sql.Connection c = db.owner().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("set search_path = qodex");
            long project = 0;
            try (java.sql.ResultSet rs = s.executeQuery("select id from projects where slug = 'shop'")) {
                rs.next();
                project = rs.getLong(1);
            }
            s.execute("insert into scenarios (project_id, name, kind, content, tags) values (" + project
                    + ", 'mangled', 'http', 'not json {{{', array['ok'])");
            s.execute("insert into test_runs (project_id, scenario_id, status) select project_id, id, 'running' "
                    + "from scenarios where project_id = " + project + " and name = 'echo'");
            s.execute("insert into findings (project_id, title, severity, step) values (" + project
                    + ", 'escapes', 'low', E'\\u001b]0;owned\\u0007')"); // a terminal would retitle its window
        }
        String list = ok(cli.run("scenarios", "list", "--project", "shop")).out();
        assertThat(list).contains("mangled").contains("unreadable").contains("running").contains("pace");
        Cli.Result run = clean(cli.run("scenarios", "run", "--project", "shop", "--env", "QA", "mangled", "echo"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("→ error (Not run: The stored steps of mangled are not JSON; save the scenario again.)")
                .contains("2 scenario(s) on QA: 1 passed, 1 not.");
        Cli.Result export = ok(cli.run("scenarios", "export", "--project", "shop", "--tag", "ok"));
        assertThat(export.err()).contains("left out mangled: The stored steps of mangled are not JSON");
        Cli.Result devZero = clean(cli.run("scenarios", "import", "--project", "shop", "/dev/zero"));
        assertThat(devZero.exitCode()).isEqualTo(2);
        assertThat(devZero.err()).contains("The file has more than 20000000 bytes");
        assertThat(ok(cli.run("findings", "list", "--project", "shop")).out()).contains("?]0;owned?")
                .doesNotContain("\u001b");
    }

    /** CI starts many qodex processes at once: together they keep the environment's rate at the server. */
    @Test
    @Order(11)
    void threeProcessesAtOnceKeepTheRateTogether() throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            steps.add(step("get " + i, "GET", "${baseUrl}/items", Map.of("status", 200), Map.of()));
        }
        Path file = files.resolve("parallel.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("format", "qodex.scenarios.v1", "scenarios",
                List.of(scenario("parallel", List.of("parallel"), false, null, steps)))));
        ok(cli.run("scenarios", "import", "--project", "shop", file.toString()));
        int before = api.seen.size();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "io.qodex.app.Launcher", "scenarios",
                    "run", "--project", "shop", "--env", "RO", "parallel");
            builder.environment().putAll(cli.environment());
            builder.redirectErrorStream(true).redirectOutput(files.resolve("process-" + p + ".log").toFile());
            processes.add(builder.start());
        }
        for (int p = 0; p < processes.size(); p++) {
            assertThat(processes.get(p).waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(processes.get(p).exitValue()).as(Files.readString(files.resolve("process-" + p + ".log")))
                    .isZero();
        }
        List<Long> arrivals = api.seen.subList(before, api.seen.size()).stream().map(ApiServer.Seen::at).sorted()
                .toList();
        assertThat(arrivals).hasSize(36);
        for (int i = 0; i + 5 < arrivals.size(); i++) {
            assertThat(arrivals.get(i + 5) - arrivals.get(i)).as("arrivals %d and %d", i, i + 5)
                    .isGreaterThanOrEqualTo(1_000_000_000L);
        }
    }
}
