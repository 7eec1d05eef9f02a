package io.qodex.domain.assistant;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.Map;

/** /p/{slug}/memory: project.md and test_memory.md; Members and Admins edit, concurrent edits never overwrite. */
public final class MemoryService {

    private final Account account;
    private final MemoryRepository repository;

    public MemoryService(Account account, MemoryRepository repository) {
        this.account = account;
        this.repository = repository;
    }

    public Map<MemoryDocument, MemoryEntry> read(Project project) {
        return repository.read(project.id());
    }

    public MemoryEntry read(Project project, MemoryDocument document) {
        return read(project).get(document);
    }

    /** Saves {@code content} over version {@code expectedVersion} (what the editor loaded). */
    public MemoryEntry save(Project project, MemoryDocument document, String content, long expectedVersion) {
        if (!project.myRole().atLeast(ProjectRole.MEMBER)) {
            throw QodexException.notAllowed("Only Members and Admins of " + project.name() + " can edit its memory.");
        }
        if (content.length() > MemoryDocument.MAX_LENGTH) {
            throw QodexException.invalid("content", document.fileName() + " can hold at most "
                    + MemoryDocument.MAX_LENGTH + " characters (" + content.length() + " given).");
        }
        return repository.save(project.id(), document, content, expectedVersion);
    }

    /** The signed-in user (for view models that show "edited by you"). */
    public String me() {
        return account.email().value();
    }
}
