package io.qodex.persistence.repository;

import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.assistant.MemoryEntry;
import io.qodex.domain.assistant.MemoryRepository;
import io.qodex.domain.common.QodexException;
import io.qodex.persistence.session.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Project memory ({@code project_memory}) through row-level security, with optimistic locking on its version. */
public final class JdbcMemoryRepository implements MemoryRepository {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final DataSource pool;

    public JdbcMemoryRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Map<MemoryDocument, MemoryEntry> read(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            Map<MemoryDocument, MemoryEntry> documents = new EnumMap<>(MemoryDocument.class);
            for (MemoryDocument document : MemoryDocument.values()) {
                documents.put(document, MemoryEntry.empty(document));
            }
            try (PreparedStatement p = c.prepareStatement("select m.document, m.content, m.version, u.email, m.updated_at "
                    + "from project_memory m left join users u on u.id = m.updated_by where m.project_id = ?")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        MemoryEntry entry = entry(rs);
                        documents.put(entry.document(), entry);
                    }
                }
            }
            return documents;
        });
    }

    @Override
    public MemoryEntry save(long projectId, MemoryDocument document, String content, long expectedVersion) {
        return Jdbc.inTransaction(pool, c -> {
            String sql = expectedVersion == 0
                    ? "insert into project_memory (project_id, document, content, version, updated_by, updated_at) "
                            + "values (?, ?, ?, 1, app_user_id(), now()) on conflict (project_id, document) do nothing "
                            + "returning document, content, version, (select email from users where id = updated_by), updated_at"
                    : "update project_memory set content = ?, version = version + 1, updated_by = app_user_id(), "
                            + "updated_at = now() where project_id = ? and document = ? and version = ? "
                            + "returning document, content, version, (select email from users where id = updated_by), updated_at";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                if (expectedVersion == 0) {
                    p.setLong(1, projectId);
                    p.setString(2, document.fileName());
                    p.setString(3, content);
                } else {
                    p.setString(1, content);
                    p.setLong(2, projectId);
                    p.setString(3, document.fileName());
                    p.setLong(4, expectedVersion);
                }
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return entry(rs);
                    }
                }
            }
            throw conflict(c, projectId, document);
        });
    }

    private static QodexException conflict(Connection c, long projectId, MemoryDocument document) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select u.email, m.updated_at from project_memory m "
                + "left join users u on u.id = m.updated_by where m.project_id = ? and m.document = ?")) {
            p.setLong(1, projectId);
            p.setString(2, document.fileName());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return QodexException.notAllowed("Your role does not allow editing the memory of this project.");
                }
                String who = Optional.ofNullable(rs.getString(1)).orElse("someone");
                return QodexException.conflict(document.fileName() + " was changed by " + who + " at "
                        + WHEN.format(rs.getObject(2, OffsetDateTime.class)) + " while you were editing; reload it and "
                        + "apply your changes again.");
            }
        }
    }

    private static MemoryEntry entry(ResultSet rs) throws SQLException {
        return new MemoryEntry(MemoryDocument.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
                Optional.ofNullable(rs.getString(4)), Optional.of(rs.getObject(5, OffsetDateTime.class).toInstant()));
    }
}
