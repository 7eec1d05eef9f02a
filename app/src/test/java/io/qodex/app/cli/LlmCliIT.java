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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The LLM commands as their contract spells them (F10, F11): ask, spend, caps, org platform-key, prices. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LlmCliIT {

    private static final String PLATFORM_KEY = "sk-cli-platform-key-1234567890abcd";
    private static TestDatabase db;
    private static FakeOpenAi openAi;
    private static Cli ada;
    private static Cli max;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestPostgres.freshDatabase();
        openAi = new FakeOpenAi(PLATFORM_KEY);
        Cli cli = new Cli(TestBackends.environment(db)).with("QODEX_PASSWORD", "lantern-harbor-58k")
                .with("QODEX_OPENAI_BASE_URL", openAi.baseUrl()).with("QODEX_LLM_MAX_RETRIES", "0");
        for (String email : new String[] {"ada@example.com", "max@example.com"}) {
            assertThat(cli.run("signup", "--email", email).exitCode()).isZero();
            assertThat(cli.run("verify", "--email", email, "--code", code(cli, email)).exitCode()).isZero();
        }
        ada = cli.with("QODEX_EMAIL", "ada@example.com");
        max = cli.with("QODEX_EMAIL", "max@example.com");
        assertThat(ada.run("projects", "create", "--name", "Shop", "--slug", "shop").exitCode()).isZero();
        // ada administers the installation's first organization; max joins it by accepting her invitation
        assertThat(ada.run("org", "members", "add", "--email", "max@example.com").exitCode()).isZero();
        assertThat(max.run("invitations", "accept", "--org", "default").exitCode()).isZero();
        assertThat(ada.run("members", "add", "--project", "shop", "--email", "max@example.com", "--role", "member")
                .exitCode()).isZero();
        assertThat(max.run("invitations", "accept", "shop").exitCode()).isZero();
        assertThat(ada.run("members", "confirm", "--project", "shop", "--email", "max@example.com").exitCode()).isZero();
        // the platform key is encrypted under the organization key: ada (the org admin) confirms max for it too
        Cli.Result waiting = ada.run("org", "members");
        assertThat(waiting.lines()).anyMatch(l -> l.matches("max@example.com +member +waiting for confirmation +([a-z]+ ){7}[a-z]+"));
        Cli.Result confirmed = ada.run("org", "confirm", "--email", "max@example.com");
        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).startsWith("Confirmed max@example.com for the organization key (fingerprint: ");
        assertThat(ada.run("org", "members").lines()).anyMatch(l -> l.matches("max@example.com +member +holds it +.*"));
    }

    @AfterAll
    static void tearDown() {
        openAi.close();
        db.close();
    }

    @Test
    @Order(1)
    void orgPlatformKeySetShowRemove() {
        Cli.Result none = ada.run("org", "platform-key", "show");
        assertThat(none.lines()).containsExactly("provider: none");
        Cli.Result refused = max.with("QODEX_PLATFORM_KEY", PLATFORM_KEY).run("org", "platform-key", "set");
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).isEqualTo("qodex: Only an organization admin can set the platform key.\n");
        Cli.Result wrong = ada.with("QODEX_PLATFORM_KEY", "sk-cli-wrong-key-00000000000000").run("org", "platform-key", "set");
        assertThat(wrong.exitCode()).isEqualTo(10);
        Cli.Result set = ada.with("QODEX_PLATFORM_KEY", PLATFORM_KEY).run("org", "platform-key", "set");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("ending in abcd").doesNotContain(PLATFORM_KEY);
        assertThat(ada.run("org", "platform-key", "show").lines()).contains("provider: openai", "last four: abcd",
                "set by: ada@example.com");
    }

    @Test
    @Order(2)
    void askPrintsTheAnswerThenTokensCostAndFunding() {
        openAi.reply("2 + 2 = 4.").usage(1200, 345, 200);
        Cli.Result asked = max.run("ask", "--project", "shop", "What is 2+2?");
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        // gpt-4o-mini: 1000 × $0.15 + 200 × $0.075 + 345 × $0.60 per million = 372 micro-dollars
        assertThat(asked.lines()).containsExactly("2 + 2 = 4.", "tokens: 1200/345 cost: $0.000372 funding: platform");
        assertThat(openAi.lastChatBody()).contains("\"model\":\"gpt-4o-mini\"", "\"max_completion_tokens\":1024");

        Cli.Result chosen = max.run("ask", "--project", "shop", "--model", "gpt-4o", "--max-tokens", "50", "Again?");
        assertThat(chosen.lines()[1]).isEqualTo("tokens: 1200/345 cost: $0.006200 funding: platform");
        assertThat(openAi.lastChatBody()).contains("\"model\":\"gpt-4o\"", "\"max_completion_tokens\":50");
    }

    @Test
    @Order(3)
    void capsShowAndSetAndAskIsRefusedWithExitCodeThreeAtTheCap() {
        Cli.Result shown = max.run("caps", "show", "--project", "shop");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.lines()[0]).isEqualTo("project: shop (default caps)");
        assertThat(shown.lines()[1]).matches("WINDOW +USED +CAP +PERCENT +HEADROOM");
        assertThat(shown.lines()[2]).matches("5h +\\$0\\.006572 +\\$5\\.000000 +0\\.1% +\\$4\\.993428 now");
        assertThat(shown.lines()[3]).matches("7d +\\$0\\.006572 +\\$25\\.000000 +0\\.0% +\\$24\\.993428 now");

        Cli.Result notAdmin = max.run("caps", "set", "--project", "shop", "--five-hour-usd", "1", "--weekly-usd", "2");
        assertThat(notAdmin.exitCode()).isEqualTo(5);
        assertThat(notAdmin.err()).contains("Only an organization admin can change the caps.");
        Cli.Result set = ada.run("caps", "set", "--project", "shop", "--five-hour-usd", "0.007", "--weekly-usd", "1");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("$0.007000 per rolling 5 hours, $1.000000 per rolling 7 days");

        Cli.Result refused = max.run("ask", "--project", "shop", "One more?");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).startsWith("qodex: The project's 5-hour cap on platform-funded LLM spend is reached")
                .contains("headroom for this call returns in");
        Cli.Result full = max.run("caps", "show", "--project", "shop");
        assertThat(full.lines()[2]).matches("5h +\\$0\\.006572 +\\$0\\.007000 +93\\.8% +\\$0\\.000428 now");
        assertThat(ada.run("caps", "set", "--project", "shop", "--five-hour-usd", "five", "--weekly-usd", "1").exitCode())
                .isEqualTo(2);
    }

    @Test
    @Order(4)
    void spendByModelFundingAndCsvAndTheOrganizationByProject() {
        Cli.Result byModel = max.run("spend", "--project", "shop", "--by", "model");
        assertThat(byModel.exitCode()).as(byModel.err()).isZero();
        assertThat(byModel.lines()[1]).matches("MODEL +CALLS +INPUT +OUTPUT +CACHED +COST");
        assertThat(byModel.out()).containsPattern("gpt-4o +1 +1200 +345 +200 +\\$0\\.006200")
                .containsPattern("gpt-4o-mini +2 +1200 +345 +200 +\\$0\\.000372")
                .containsPattern("total +3 +2400 +690 +400 +\\$0\\.006572");

        Cli.Result csv = max.run("spend", "--project", "shop", "--since", "30d", "--by", "funding", "--csv");
        assertThat(csv.lines()).containsExactly("funding,calls,input_tokens,output_tokens,cached_tokens,cost_usd",
                "platform,3,2400,690,400,0.006572");

        Cli.Result org = ada.run("spend", "--org", "--by", "project");
        assertThat(org.exitCode()).as(org.err()).isZero();
        assertThat(org.out()).containsPattern("shop +3 +2400 +690 +400 +\\$0\\.006572");
        assertThat(max.run("spend", "--org").exitCode()).isEqualTo(5);
        assertThat(max.run("spend", "--project", "shop", "--by", "color").exitCode()).isEqualTo(2);
        assertThat(max.run("spend", "--project", "shop", "--since", "yesterday").exitCode()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void pricesListAndSet() {
        Cli.Result list = max.run("prices", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("openai +gpt-4o-mini +\\$0\\.15 +\\$0\\.60 +\\$0\\.075 +2024-01-01");
        Cli.Result refused = max.run("prices", "set", "gpt-test", "--input", "1", "--output", "2");
        assertThat(refused.exitCode()).isEqualTo(5);
        Cli.Result set = ada.run("prices", "set", "gpt-test", "--input", "1.5", "--output", "6", "--cached", "0.75");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("input $1.50, output $6.00, cached input $0.75 per million tokens");
        assertThat(max.run("prices", "list").out()).containsPattern("gpt-test +\\$1\\.50 +\\$6\\.00 +\\$0\\.75");
        assertThat(ada.run("prices", "set", "gpt-test", "--input", "cheap", "--output", "2").exitCode()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void removingThePlatformKeyLeavesNoKeyForTheProject() {
        assertThat(ada.run("org", "platform-key", "remove").out()).contains("Removed the platform key.");
        Cli.Result noKey = max.run("ask", "--project", "shop", "hello");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("No LLM key for Shop");
    }

    @Test
    @Order(7)
    void memorySetAndShowAndTheChatsOfTheAssistant() throws Exception {
        Path file = Files.createTempFile("project", ".md");
        Files.writeString(file, "# Shop\nTest account: qa@shop.example\n");
        Cli.Result set = max.run("memory", "set", "--project", "shop", "--doc", "project.md", "--file", file.toString());
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("Saved project.md of shop (version 1, 37 characters).\n");
        Cli.Result shown = ada.run("memory", "show", "--project", "shop");
        assertThat(shown.out()).isEqualTo("# Shop\nTest account: qa@shop.example\n");
        assertThat(shown.err()).startsWith("project.md of shop: version 1, saved by max@example.com");
        Cli.Result stale = ada.runWithInput("older text", "memory", "set", "--project", "shop", "--file", "-",
                "--expect-version", "0");
        assertThat(stale.exitCode()).isEqualTo(7);
        assertThat(stale.err()).contains("project.md was changed by max@example.com");
        Cli.Result piped = ada.runWithInput("notes from stdin", "memory", "set", "--project", "shop", "--doc",
                "test_memory.md", "--file", "-");
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(max.run("memory", "show", "--project", "shop", "--doc", "test_memory.md").out())
                .isEqualTo("notes from stdin\n");
        assertThat(max.run("memory", "show", "--project", "shop", "--doc", "notes.md").err())
                .contains("Project memory has project.md and test_memory.md");
        assertThat(max.run("chats", "list", "--project", "shop").out()).matches("ID +STARTED +BY +TITLE\\s*");
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
