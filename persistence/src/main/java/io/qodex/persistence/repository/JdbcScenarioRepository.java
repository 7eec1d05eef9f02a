package io.qodex.persistence.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.scenario.Check;
import io.qodex.domain.scenario.Finding;
import io.qodex.domain.scenario.NewFinding;
import io.qodex.domain.scenario.RunStatus;
import io.qodex.domain.scenario.RunSummary;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.ScenarioCodec;
import io.qodex.domain.scenario.ScenarioRepository;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.ScenarioStep;
import io.qodex.domain.scenario.ScenarioWrite;
import io.qodex.domain.scenario.StepResult;
import io.qodex.persistence.session.Jdbc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Scenarios, their collections, runs and findings through row-level security. A scenario's steps are one JSON
 * document ({@code content}, the file format's shape); every write of {@link #write} is one transaction.
 */
public final class JdbcScenarioRepository implements ScenarioRepository {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final DataSource pool;

    public JdbcScenarioRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<Scenario> list(long projectId) {
        return Jdbc.inSnapshot(pool, c -> {
            List<Scenario> scenarios = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("select s.id, s.version, s.name, coalesce(s.description, ''), "
                    + "s.tags, s.destructive, s.security, s.profile, s.content, col.name, "
                    + "r.id, r.scenario_name, r.environment_name, r.status, coalesce(r.finished_at, r.created_at), "
                    + "r.summary, u.email "
                    + "from scenarios s "
                    + "left join lateral (select ci.collection_id from collection_items ci where ci.scenario_id = s.id "
                    + "  and ci.project_id = s.project_id order by ci.position limit 1) ci on true "
                    + "left join collections col on col.id = ci.collection_id "
                    + "left join lateral (select * from test_runs t where t.project_id = s.project_id "
                    + "  and t.scenario_id = s.id order by t.id desc limit 1) r on true "
                    + "left join users u on u.id = r.created_by "
                    + "where s.project_id = ? and s.kind = 'http' order by s.name")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(3);
                        List<ScenarioStep> steps = List.of();
                        Optional<String> damage = Optional.empty();
                        try { // one row written around the client must not break the list for everyone
                            steps = ScenarioCodec.stepsFromTree(tree(rs.getString(9), name), name);
                        } catch (QodexException e) {
                            damage = Optional.of(e.getMessage());
                        }
                        ScenarioSpec spec = new ScenarioSpec(name, rs.getString(4), strings(rs.getArray(5)),
                                Optional.ofNullable(rs.getString(10)), rs.getBoolean(6), rs.getBoolean(7),
                                Optional.ofNullable(rs.getString(8)), steps);
                        Optional<RunSummary> last = rs.getObject(11) == null ? Optional.empty()
                                : Optional.of(summary(rs, 11));
                        scenarios.add(new Scenario(rs.getLong(1), rs.getLong(2), spec, last, damage));
                    }
                }
            }
            return scenarios;
        });
    }

    @Override
    public void write(long projectId, List<ScenarioWrite> changes) {
        Jdbc.inTransaction(pool, c -> {
            for (ScenarioWrite change : changes) {
                if (change instanceof ScenarioWrite.Insert insert) {
                    insert(c, projectId, insert.spec());
                } else if (change instanceof ScenarioWrite.Update update) {
                    update(c, projectId, update);
                } else if (change instanceof ScenarioWrite.Delete delete) {
                    delete(c, projectId, delete);
                }
            }
            return null;
        });
    }

    private static void insert(Connection c, long projectId, ScenarioSpec spec) throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("insert into scenarios (project_id, name, kind, description, "
                + "content, tags, destructive, security, profile, version) values (?, ?, 'http', ?, ?, ?, ?, ?, ?, 1) "
                + "on conflict (project_id, name) do nothing returning id")) {
            p.setLong(1, projectId);
            bind(c, p, 2, spec);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw nameTaken(spec.name());
                }
                id = rs.getLong(1);
            }
        }
        collection(c, projectId, id, spec.collection());
    }

    private static void update(Connection c, long projectId, ScenarioWrite.Update update) throws SQLException {
        ScenarioSpec spec = update.spec();
        try (PreparedStatement p = c.prepareStatement("update scenarios set name = ?, description = ?, content = ?, "
                + "tags = ?, destructive = ?, security = ?, profile = ?, version = version + 1, updated_at = now() "
                + "where id = ? and project_id = ? and version = ?")) {
            bind(c, p, 1, spec);
            p.setLong(8, update.id());
            p.setLong(9, projectId);
            p.setLong(10, update.expectedVersion());
            if (p.executeUpdate() == 0) {
                throw changed(c, projectId, update.id(), spec.name());
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw nameTaken(spec.name());
            }
            throw e;
        }
        collection(c, projectId, update.id(), spec.collection());
    }

    private static void delete(Connection c, long projectId, ScenarioWrite.Delete delete) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("delete from scenarios where id = ? and project_id = ? "
                + "and version = ?")) {
            p.setLong(1, delete.id());
            p.setLong(2, projectId);
            p.setLong(3, delete.expectedVersion());
            if (p.executeUpdate() == 0) {
                throw changed(c, projectId, delete.id(), "the scenario");
            }
        }
    }

    /** A CONFLICT of the field "name", so an editor can show it under the name. */
    private static QodexException nameTaken(String name) {
        return new QodexException(io.qodex.domain.common.Problem.CONFLICT, "name", "A scenario named " + name
                + " exists already.", null);
    }

    private static QodexException changed(Connection c, long projectId, long id, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select name from scenarios where id = ? and project_id = ?")) {
            p.setLong(1, id);
            p.setLong(2, projectId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return QodexException.conflict("The scenario " + name + " was deleted by someone else meanwhile.");
                }
                return QodexException.conflict("The scenario " + rs.getString(1) + " was changed by someone else "
                        + "while you were editing; reload it and apply your changes again.");
            }
        }
    }

    private static void bind(Connection c, PreparedStatement p, int first, ScenarioSpec spec) throws SQLException {
        p.setString(first, spec.name());
        p.setString(first + 1, spec.description());
        p.setString(first + 2, json(ScenarioCodec.stepsToTree(spec.steps())));
        p.setArray(first + 3, c.createArrayOf("text", spec.tags().toArray()));
        p.setBoolean(first + 4, spec.destructive());
        p.setBoolean(first + 5, spec.security());
        p.setString(first + 6, spec.profile().orElse(null));
    }

    private static void collection(Connection c, long projectId, long scenarioId, Optional<String> name)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("delete from collection_items where scenario_id = ? "
                + "and project_id = ?")) {
            p.setLong(1, scenarioId);
            p.setLong(2, projectId);
            p.executeUpdate();
        }
        if (name.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("insert into collections (project_id, name) values (?, ?) "
                + "on conflict (project_id, name) do nothing")) {
            p.setLong(1, projectId);
            p.setString(2, name.get());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("insert into collection_items (project_id, collection_id, "
                + "scenario_id) select ?, id, ? from collections where project_id = ? and name = ?")) {
            p.setLong(1, projectId);
            p.setLong(2, scenarioId);
            p.setLong(3, projectId);
            p.setString(4, name.get());
            p.executeUpdate();
        }
    }

    @Override
    public long record(long projectId, UUID batch, long environmentId, ScenarioResult result,
                       List<NewFinding> findings) {
        return Jdbc.inTransaction(pool, c -> {
            long runId;
            try (PreparedStatement p = c.prepareStatement("insert into test_runs (project_id, scenario_id, "
                    + "environment_id, status, started_at, finished_at, summary, batch_id, scenario_name, "
                    + "environment_name, steps) values (?, (select id from scenarios where id = ? and project_id = ?), "
                    + "(select id from environments where id = ? and project_id = ?), ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                    + "returning id")) {
                p.setLong(1, projectId);
                if (result.scenarioId().isPresent()) {
                    p.setLong(2, result.scenarioId().get());
                } else {
                    p.setNull(2, Types.BIGINT);
                }
                p.setLong(3, projectId);
                p.setLong(4, environmentId);
                p.setLong(5, projectId);
                p.setString(6, result.status().code());
                p.setTimestamp(7, Timestamp.from(result.startedAt()));
                p.setTimestamp(8, Timestamp.from(result.finishedAt()));
                p.setString(9, result.summary());
                p.setObject(10, batch);
                p.setString(11, result.scenario());
                p.setString(12, result.environment());
                p.setString(13, json(steps(result.steps())));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    runId = rs.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("insert into findings (project_id, scenario_id, test_run_id, "
                    + "title, severity, step, expected, actual, excerpt) select project_id, scenario_id, id, ?, ?, ?, "
                    + "?, ?, ? from test_runs where id = ?")) {
                for (NewFinding finding : findings) {
                    p.setString(1, finding.title());
                    p.setString(2, finding.severity());
                    p.setString(3, finding.step());
                    p.setString(4, finding.expected());
                    p.setString(5, finding.actual());
                    p.setString(6, finding.excerpt());
                    p.setLong(7, runId);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return runId;
        });
    }

    @Override
    public List<RunSummary> runs(long projectId, int limit) {
        return Jdbc.inTransaction(pool, c -> {
            List<RunSummary> runs = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("select r.id, r.scenario_name, r.environment_name, r.status, "
                    + "coalesce(r.finished_at, r.created_at), r.summary, u.email from test_runs r "
                    + "left join users u on u.id = r.created_by where r.project_id = ? and r.batch_id is not null "
                    + "order by r.id desc limit ?")) {
                p.setLong(1, projectId);
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        runs.add(summary(rs, 1));
                    }
                }
            }
            return runs;
        });
    }

    @Override
    public List<Finding> findings(long projectId, int limit) {
        return Jdbc.inTransaction(pool, c -> {
            List<Finding> findings = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("select f.id, f.title, coalesce(r.scenario_name, s.name), "
                    + "f.step, f.severity, f.status, coalesce(f.expected, ''), coalesce(f.actual, ''), "
                    + "coalesce(f.excerpt, f.details, ''), f.test_run_id, f.created_at, coalesce(u.email, '') "
                    + "from findings f left join test_runs r on r.id = f.test_run_id "
                    + "left join scenarios s on s.id = f.scenario_id left join users u on u.id = f.created_by "
                    + "where f.project_id = ? order by f.id desc limit ?")) {
                p.setLong(1, projectId);
                p.setInt(2, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        findings.add(new Finding(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                                Optional.ofNullable(rs.getString(4)), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), rs.getString(9),
                                Optional.ofNullable((Long) rs.getObject(10)),
                                rs.getObject(11, OffsetDateTime.class).toInstant(), rs.getString(12)));
                    }
                }
            }
            return findings;
        });
    }

    private static RunSummary summary(ResultSet rs, int first) throws SQLException {
        return new RunSummary(rs.getLong(first), Optional.ofNullable(rs.getString(first + 1)).orElse(""),
                Optional.ofNullable(rs.getString(first + 2)).orElse(""), RunStatus.ofCode(rs.getString(first + 3)),
                rs.getObject(first + 4, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(rs.getString(first + 5)).orElse(""),
                Optional.ofNullable(rs.getString(first + 6)).orElse(""));
    }

    /** The per-step results as stored in {@code test_runs.steps} (already masked). */
    private static List<Object> steps(List<StepResult> steps) {
        List<Object> list = new ArrayList<>();
        for (StepResult step : steps) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", step.name());
            node.put("outcome", step.outcome().name().toLowerCase(java.util.Locale.ROOT));
            node.put("request", step.request());
            step.status().ifPresent(s -> node.put("status", s));
            step.latencyMs().ifPresent(ms -> node.put("latencyMs", ms));
            List<Object> checks = new ArrayList<>();
            for (Check check : step.checks()) {
                checks.add(Map.of("what", check.what(), "expected", check.expected(), "actual", check.actual(),
                        "held", check.held()));
            }
            node.put("checks", checks);
            step.message().ifPresent(m -> node.put("message", m));
            node.put("requestExcerpt", step.requestExcerpt());
            node.put("responseExcerpt", step.responseExcerpt());
            list.add(node);
        }
        return list;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static String json(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("Could not write scenario data as JSON.");
        }
    }

    private static Object tree(String json, String scenario) {
        try {
            return MAPPER.readValue(json.isEmpty() ? "[]" : json, Object.class);
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("The stored steps of " + scenario + " are not JSON; save the scenario again.");
        }
    }
}
