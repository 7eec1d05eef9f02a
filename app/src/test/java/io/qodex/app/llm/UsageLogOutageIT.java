package io.qodex.app.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.FakeOpenAi;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmGateway;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.LlmRequest;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.llm.UsageSource;
import io.qodex.domain.project.Project;
import io.qodex.persistence.llm.PgUsageLogWriter;
import io.qodex.persistence.server.EmbeddedServer;
import io.qodex.persistence.server.SchemaMigrator;
import io.qodex.persistence.testing.TestPostgres;
import io.qodex.persistence.server.ServiceCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F10: stop the database in the middle of 1,000 calls and start it again; afterwards every call has exactly one
 * usage row. Uses a server of its own (the shared test server stays up for the other classes).
 */
class UsageLogOutageIT {

    private static final String PASSWORD = "juniper-lantern-93q";
    private static final String KEY = "sk-outage-test-key-0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void everyCallHasExactlyOneRowAfterTheDatabaseWasStoppedAndStartedMidWay() throws Exception {
        EmbeddedServer server = EmbeddedServer.forTests(temp.resolve("pg"));
        server.start();
        ServiceCredentials credentials = TestPostgres.CREDENTIALS;
        TestPostgres.prepare(server.superuserDataSource("postgres"), server::superuserDataSource, "qodex");
        String url = server.jdbcUrl("qodex");
        SchemaMigrator.migrate(url, TestPostgres.INSTALLATION, credentials.ownerPassword());
        Map<String, String> environment = new HashMap<>();
        environment.put("QODEX_HOME", Files.createDirectories(temp.resolve("home")).toString());
        environment.put("QODEX_DB_URL", url);
        environment.put("QODEX_SIGNUP_USER", TestPostgres.INSTALLATION.signupRole());
        environment.put("QODEX_SIGNUP_PASSWORD", credentials.signupPassword());
        environment.put("QODEX_MAILER_PASSWORD", credentials.mailerPassword());
        environment.put("QODEX_LLM_MAX_RETRIES", "0");
        try (FakeOpenAi openAi = new FakeOpenAi(KEY)) {
            environment.put("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
            Set<UUID> calls = new HashSet<>();
            long spooled;
            try (Backend backend = TestBackends.open(environment)) {
                backend.accounts().signUp("ops@example.com", Secret.copyOf(PASSWORD));
                backend.relayMail();
                backend.accounts().verify("ops@example.com", code(environment), io.qodex.domain.common.Secret.copyOf(PASSWORD));
                try (Workspace ops = backend.signIn("ops@example.com", Secret.copyOf(PASSWORD))) {
                    ops.completePendingKeyWork();
                    Project project = ops.projects().create("Outage", "outage");
                    ops.llmKeys().setByok(project, LlmProvider.OPENAI, Secret.copyOf(KEY));
                    LlmGateway gateway = ops.llm().gateway();
                    LlmRequest request = new LlmRequest(project, "gpt-4o-mini", List.of(LlmMessage.user("ping")), 16,
                            new UsageSource("outage-test"));
                    int failed = 0;
                    for (int i = 0; i < 1000; i++) {
                        if (i == 300) {
                            assertThat(server.stop()).isTrue();
                        }
                        if (i == 700) {
                            server.start();
                        }
                        LlmResult result = gateway.call(request);
                        calls.add(result.callId());
                        failed += result instanceof LlmResult.Completed ? 0 : 1;
                    }
                    assertThat(failed).as("the provider was up all along; the calls themselves succeed").isZero();
                    PgUsageLogWriter writer = (PgUsageLogWriter) ops.llm().usageLog();
                    assertThat(writer.awaitStored(Duration.ofSeconds(90))).as("every row written after the restart").isTrue();
                    spooled = writer.spooled();
                }
            }
            assertThat(calls).hasSize(1000);
            assertThat(spooled).as("rows went through the spool while the database was down").isPositive();
            try (Connection c = server.superuserDataSource("qodex").getConnection();
                 PreparedStatement p = c.prepareStatement("select idempotency_key from qodex.llm_usage_log "
                         + "where source = 'outage-test'");
                 ResultSet rs = p.executeQuery()) {
                List<UUID> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getObject(1, UUID.class));
                }
                assertThat(rows).hasSize(1000).doesNotHaveDuplicates();
                assertThat(new HashSet<>(rows)).isEqualTo(calls);
            }
        } finally {
            server.close();
        }
    }

    private static String code(Map<String, String> environment) throws Exception {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            Path mail = files.findFirst().orElseThrow();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(Files.readString(mail));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        }
    }
}
