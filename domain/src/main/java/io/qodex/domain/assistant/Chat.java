package io.qodex.domain.assistant;

import java.time.Instant;
import java.util.Optional;

/** A conversation with the project assistant, stored in the project. */
public record Chat(long id, long projectId, String title, Optional<String> createdBy, Instant createdAt) {
}
