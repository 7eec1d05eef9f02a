package io.qodex.domain.assistant;

import io.qodex.domain.common.QodexException;

/** The two markdown documents of a project's memory, sent as context with every assistant call. */
public enum MemoryDocument {
    PROJECT("project.md"),
    TEST_MEMORY("test_memory.md");

    /** The database's limit on one document. */
    public static final int MAX_LENGTH = 200_000;

    private final String fileName;

    MemoryDocument(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    public static MemoryDocument parse(String name) {
        for (MemoryDocument document : values()) {
            if (document.fileName.equals(name) || document.name().equalsIgnoreCase(name)) {
                return document;
            }
        }
        throw QodexException.invalid("document", "Project memory has project.md and test_memory.md (\"" + name + "\" given).");
    }
}
