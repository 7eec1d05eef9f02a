package io.qodex.app.assistant;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.assistant.MemoryEntry;
import io.qodex.domain.assistant.MemoryService;
import io.qodex.domain.common.Problem;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Project memory: project.md and test_memory.md, edited side by side. Each document is saved over the version it
 * was loaded from; when someone saved in between, the save is refused with who and when, and the text typed here
 * stays in the editor (reload theirs, or copy yours over it deliberately).
 */
public final class MemoryViewModel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    /** One document's editor state. */
    public static final class Document {
        private final MemoryDocument document;
        private final StringProperty text = new SimpleStringProperty("");
        private final ObjectProperty<MemoryEntry> stored;
        private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
        private final ReadOnlyStringWrapper conflict = new ReadOnlyStringWrapper("");
        private final BooleanBinding dirty;

        Document(MemoryDocument document) {
            this.document = document;
            this.stored = new SimpleObjectProperty<>(MemoryEntry.empty(document));
            this.dirty = Bindings.createBooleanBinding(() -> !text.get().equals(stored.get().content()), text, stored);
        }

        public MemoryDocument document() {
            return document;
        }

        public StringProperty textProperty() {
            return text;
        }

        public ReadOnlyStringProperty statusProperty() {
            return status.getReadOnlyProperty();
        }

        public ReadOnlyStringProperty conflictProperty() {
            return conflict.getReadOnlyProperty();
        }

        public BooleanBinding dirtyProperty() {
            return dirty;
        }

        public MemoryEntry stored() {
            return stored.get();
        }

        void show(MemoryEntry entry, boolean replaceText) {
            stored.set(entry);
            if (replaceText) {
                text.set(entry.content());
            }
            conflict.set("");
            status.set(describe(entry));
        }

        static String describe(MemoryEntry entry) {
            if (entry.version() == 0) {
                return "Never saved.";
            }
            return "Version " + entry.version() + entry.updatedBy().map(by -> ", saved by " + by).orElse("")
                    + entry.updatedAt().map(at -> " at " + WHEN.format(at)).orElse("") + ".";
        }
    }

    /**
     * Unsaved edits of documents whose page was left, per user, project and document, kept until the page is opened
     * again (for the life of the app): leaving the page loses nothing typed.
     */
    private static final Map<String, Draft> DRAFTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Unsaved text and the stored version it was written over. */
    private record Draft(String text, MemoryEntry base) {
    }

    private final Workspace workspace;
    private final Project project;
    private final Map<MemoryDocument, Document> documents = new EnumMap<>(MemoryDocument.class);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public MemoryViewModel(Workspace workspace, Project project) {
        this.workspace = workspace;
        this.project = project;
        for (MemoryDocument document : MemoryDocument.values()) {
            documents.put(document, new Document(document));
        }
    }

    private MemoryService memory() {
        return workspace.llm().memory();
    }

    public boolean canEdit() {
        return project.myRole().atLeast(ProjectRole.MEMBER);
    }

    public Document document(MemoryDocument document) {
        return documents.get(document);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * Reads both documents. A document with unsaved edits keeps them; if it changed in the database meanwhile, it is
     * marked (the next save would be refused anyway).
     */
    public void load() {
        Tasks.run(() -> memory().read(project))
                .onSuccess(read -> {
                    error.set("");
                    for (Document document : documents.values()) {
                        MemoryEntry entry = read.getOrDefault(document.document(), MemoryEntry.empty(document.document()));
                        Draft draft = DRAFTS.remove(draftKey(document.document()));
                        if (draft != null && !document.dirtyProperty().get()) {
                            document.show(draft.base(), false);
                            document.textProperty().set(draft.text());
                            message.set("Your unsaved edits of " + document.document().fileName() + " are back.");
                        }
                        if (!document.dirtyProperty().get()) {
                            document.show(entry, true);
                        } else if (entry.version() != document.stored().version()) {
                            document.conflict.set(document.document().fileName() + " was saved meanwhile"
                                    + entry.updatedBy().map(by -> " by " + by).orElse("")
                                    + ". Your edits are still here: reload to see theirs (yours are lost then), or copy "
                                    + "yours first.");
                        }
                    }
                })
                .onError(problem -> error.set(problem.getMessage()))
                .start();
    }

    /** Saves one document over the version it was loaded from (Ctrl+S saves the one shown). */
    public void save(MemoryDocument which) {
        save(which, () -> { });
    }

    /** Whether a document has unsaved edits. */
    public boolean hasUnsavedEdits() {
        return documents.values().stream().anyMatch(d -> d.dirtyProperty().get());
    }

    /** The documents with unsaved edits, for the question: "project.md and test_memory.md". */
    public String unsavedNames() {
        return String.join(" and ", documents.values().stream().filter(d -> d.dirtyProperty().get())
                .map(d -> d.document().fileName()).toList());
    }

    /**
     * Saves every document with unsaved edits, one after the other; {@code after} runs once all are saved, not when
     * one is refused (a conflict, a failure): the page then stays with the reason and the text.
     */
    public void saveAll(Runnable after) {
        java.util.Optional<Document> next = documents.values().stream().filter(d -> d.dirtyProperty().get())
                .findFirst();
        if (next.isEmpty()) {
            after.run();
        } else {
            save(next.get().document(), () -> saveAll(after));
        }
    }

    /** Drops the unsaved edits of every document (the page is left with "Discard"). */
    public void discardAll() {
        for (Document document : documents.values()) {
            if (document.dirtyProperty().get()) {
                document.show(document.stored(), true);
            }
        }
    }

    private void save(MemoryDocument which, Runnable after) {
        Document document = documents.get(which);
        if (!canEdit() || busy.get() || !document.dirtyProperty().get()) {
            return;
        }
        String content = document.textProperty().get();
        long expected = document.stored().version();
        busy.set(true);
        message.set("");
        error.set("");
        Tasks.run(() -> memory().save(project, which, content, expected))
                .onSuccess(saved -> {
                    // keep anything typed while saving: only the stored version moves
                    document.show(saved, document.textProperty().get().equals(content));
                    message.set("Saved " + which.fileName() + " (version " + saved.version() + ").");
                    if (!document.dirtyProperty().get()) {
                        busy.set(false); // the next save of saveAll starts from here
                        after.run();
                    }
                })
                .onError(problem -> {
                    if (problem.problem() == Problem.CONFLICT) {
                        document.conflict.set(problem.getMessage() + " Your text is still in the editor.");
                    } else {
                        error.set(problem.getMessage());
                    }
                })
                .onFinally(() -> busy.set(false))
                .start();
    }

    /**
     * The page is replaced without being asked (the project's row changed under it): unsaved edits are kept for when
     * it is opened again. Leaving it otherwise asks Save / Discard / Cancel first ({@link MemoryView#mayLeave}).
     */
    public void keepDrafts() {
        for (Document document : documents.values()) {
            if (document.dirtyProperty().get()) {
                DRAFTS.put(draftKey(document.document()), new Draft(document.textProperty().get(), document.stored()));
            }
        }
    }

    private String draftKey(MemoryDocument document) {
        return workspace.account().userId() + "/" + project.id() + "/" + document.name();
    }

    /** Drops the edits of one document and shows what is stored now. */
    public void reload(MemoryDocument which) {
        Document document = documents.get(which);
        Tasks.run(() -> memory().read(project).getOrDefault(which, MemoryEntry.empty(which)))
                .onSuccess(entry -> document.show(entry, true))
                .onError(problem -> error.set(problem.getMessage()))
                .start();
    }
}
