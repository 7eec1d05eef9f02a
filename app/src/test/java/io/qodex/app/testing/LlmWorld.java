package io.qodex.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import io.qodex.persistence.llm.PgUsageLogWriter;
import io.qodex.persistence.testing.TestDatabase;
import io.qodex.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An organization for LLM tests on a fresh test database and a fake OpenAI: ada (org admin, holds the platform key),
 * max (Member) and vic (Viewer) in project {@code plat} (platform-funded) and {@code own} (BYOK).
 */
public final class LlmWorld implements AutoCloseable {

    public static final String PASSWORD = "saffron-meadow-42x";
    public static final String BYOK_KEY = "sk-byok-test-key-0123456789abcdef";
    public static final String PLATFORM_KEY = "sk-platform-test-key-0123456789ab";

    public final TestDatabase db;
    public final FakeOpenAi openAi;
    public final Map<String, String> environment;
    public final Backend backend;

    private LlmWorld(TestDatabase db, FakeOpenAi openAi, Map<String, String> environment, Backend backend) {
        this.db = db;
        this.openAi = openAi;
        this.environment = environment;
        this.backend = backend;
    }

    /** The database, the fake and the backend; {@code settings} adds environment variables (QODEX_LLM_...). */
    public static LlmWorld start(Map<String, String> settings) {
        TestDatabase db = TestPostgres.freshDatabase();
        FakeOpenAi openAi = new FakeOpenAi(BYOK_KEY, PLATFORM_KEY);
        Map<String, String> environment = TestBackends.environment(db);
        environment.put("QODEX_OPENAI_BASE_URL", openAi.baseUrl());
        environment.putAll(settings);
        return new LlmWorld(db, openAi, environment, TestBackends.open(environment));
    }

    /** ada, max and vic, the projects plat and own (BYOK), the platform key. */
    public LlmWorld withOrganization() {
        signUp("ada"); // the installation's first account: the organization's admin; she invites the others
        try (Workspace ada = signIn("ada")) {
            Organizations.invite(ada, "max@example.com", "vic@example.com");
        }
        signUp("max"); // verifying the invited address joins the organization
        signUp("vic");
        try (Workspace ada = signIn("ada")) {
            ada.completePendingKeyWork();
            for (String slug : List.of("plat", "own")) {
                Project project = ada.projects().create(slug.equals("plat") ? "Platform" : "Own key", slug);
                Memberships.join(backend, ada, project, "max@example.com", PASSWORD, ProjectRole.MEMBER);
                Memberships.join(backend, ada, project, "vic@example.com", PASSWORD, ProjectRole.VIEWER);
            }
            Memberships.confirmForOrganization(ada, "max@example.com");
            Memberships.confirmForOrganization(ada, "vic@example.com");
            ada.llmKeys().setPlatformKey(LlmProvider.OPENAI, Secret.copyOf(PLATFORM_KEY));
            ada.llmKeys().setByok(ada.projects().bySlug("own"), LlmProvider.OPENAI, Secret.copyOf(BYOK_KEY));
            ada.completePendingKeyWork();
        }
        return this;
    }

    public void signUp(String name) {
        String email = name + "@example.com";
        backend.accounts().signUp(email, Secret.copyOf(PASSWORD));
        backend.relayMail();
        backend.accounts().verify(email, mailedCode(email), io.qodex.domain.common.Secret.copyOf(PASSWORD));
    }

    public Workspace signIn(String name) {
        return backend.signIn(name + "@example.com", Secret.copyOf(PASSWORD));
    }

    /** Waits until every usage row recorded by the workspace is in the database. */
    public static void awaitStored(Workspace workspace) {
        PgUsageLogWriter writer = (PgUsageLogWriter) workspace.llm().usageLog();
        assertThat(writer.awaitStored(Duration.ofSeconds(30))).as("usage rows written").isTrue();
    }

    /** A number read as the schema owner (sees every row). */
    /**
     * Usage rows as a database administrator imports them: with their own times and costs (clients cannot write
     * either: record_llm_usage stamps the time and prices the call). The rollup trigger runs as for any insert.
     */
    public void importUsage(java.util.List<io.qodex.domain.llm.UsageRecord> rows) {
        try (java.sql.Connection c = db.owner().getConnection(); java.sql.PreparedStatement p = c.prepareStatement(
                "insert into qodex.llm_usage_log (idempotency_key, project_id, org_id, user_id, provider, model, source, "
                        + "funding, input_tokens, output_tokens, cached_tokens, latency_ms, outcome, cost_micros, created_at) "
                        + "select k, pr, (select org_id from qodex.projects where id = pr), u, 'openai', m, s, f, i, o, "
                        + "ca, l, oc, co, at from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], "
                        + "?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::text[], ?::bigint[], ?::timestamptz[]) "
                        + "as x(k, pr, u, m, s, f, i, o, ca, l, oc, co, at)")) {
            int n = rows.size();
            Object[][] columns = new Object[13][n];
            for (int i = 0; i < n; i++) {
                io.qodex.domain.llm.UsageRecord row = rows.get(i);
                Object[] values = {row.callId(), row.projectId(), row.userId(), row.model(), row.source().value(),
                        row.funding().code(), (int) row.tokens().input(), (int) row.tokens().output(),
                        (int) row.tokens().cached(), (int) row.latencyMillis(), row.outcome().code(), row.cost().micros(),
                        java.time.OffsetDateTime.ofInstant(row.createdAt(), java.time.ZoneOffset.UTC)};
                for (int column = 0; column < values.length; column++) {
                    columns[column][i] = values[column];
                }
            }
            String[] types = {"uuid", "int8", "int8", "text", "text", "text", "int4", "int4", "int4", "int4", "text", "int8",
                    "timestamptz"};
            for (int column = 0; column < types.length; column++) {
                p.setArray(column + 1, c.createArrayOf(types[column], columns[column]));
            }
            p.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long ownerLong(String sql, Object... parameters) {
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

    /** One usage row's columns as text, keyed by column name. */
    public Map<String, String> usageRow(java.util.UUID callId) {
        try (Connection c = db.owner().getConnection(); PreparedStatement p = c.prepareStatement(
                "select * from qodex.llm_usage_log where idempotency_key = ?")) {
            p.setObject(1, callId);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as("usage row of %s", callId).isTrue();
                Map<String, String> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                assertThat(rs.next()).as("a second usage row of %s", callId).isFalse();
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String mailedCode(String email) {
        try (Stream<Path> files = Files.list(Path.of(environment.get("QODEX_HOME"), "outbox"))) {
            List<Path> mails = files.filter(p -> p.getFileName().toString().contains(email)).sorted().toList();
            Matcher matcher = Pattern.compile("Verification code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                    .matcher(Files.readString(mails.get(mails.size() - 1)));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        backend.close();
        openAi.close();
        db.close();
    }
}
