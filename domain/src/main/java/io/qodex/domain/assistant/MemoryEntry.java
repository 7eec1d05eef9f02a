package io.qodex.domain.assistant;

import java.time.Instant;
import java.util.Optional;

/** One memory document as stored; version 0 means it was never saved (empty). */
public record MemoryEntry(MemoryDocument document, String content, long version, Optional<String> updatedBy,
                          Optional<Instant> updatedAt) {

    public static MemoryEntry empty(MemoryDocument document) {
        return new MemoryEntry(document, "", 0, Optional.empty(), Optional.empty());
    }
}
