package io.qodex.domain.assistant;

import java.util.Map;

/** {@code project_memory} through row-level security (port): everyone in the project reads, Members write. */
public interface MemoryRepository {

    /** Both documents; one never saved comes back empty with version 0. */
    Map<MemoryDocument, MemoryEntry> read(long projectId);

    /** Saves if the stored version is still {@code expectedVersion}, else a CONFLICT naming who changed it. */
    MemoryEntry save(long projectId, MemoryDocument document, String content, long expectedVersion);
}
