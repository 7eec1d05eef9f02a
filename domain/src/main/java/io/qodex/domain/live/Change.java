package io.qodex.domain.live;

import java.util.OptionalLong;

/**
 * A change another operator made, as the database announces it: table, project and row ids only (NOTIFY ignores
 * row-level security), so listeners re-query through their own session.
 */
public record Change(String table, OptionalLong projectId, String rowId, String operation) {
}
