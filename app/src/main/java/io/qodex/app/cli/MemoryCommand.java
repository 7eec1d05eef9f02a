package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.assistant.Chat;
import io.qodex.domain.assistant.ChatMessage;
import io.qodex.domain.assistant.MemoryDocument;
import io.qodex.domain.assistant.MemoryEntry;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.project.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qodex memory} and {@code qodex chats}: the project memory and the assistant's stored chats. */
final class MemoryCommand {

    private MemoryCommand() {
    }

    @Command(name = "memory", description = "The project memory (project.md, test_memory.md) sent with every assistant call.",
            subcommands = {Show.class, Set.class})
    static final class Group {
    }

    @Command(name = "show", description = "Prints a memory document (default project.md).")
    static final class Show extends ProjectCommand.WithAccount {
        @Option(names = "--doc", paramLabel = "NAME", description = "project.md or test_memory.md")
        String document = "project.md";

        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            MemoryDocument which = MemoryDocument.parse(document);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            MemoryEntry entry = workspace.llm().memory().read(chosen).getOrDefault(which, MemoryEntry.empty(which));
            context.err().println(which.fileName() + " of " + chosen.slug() + ": version " + entry.version()
                    + entry.updatedBy().map(by -> ", saved by " + by).orElse("")
                    + entry.updatedAt().map(at -> " at " + at).orElse(""));
            context.out().print(entry.content());
            if (!entry.content().isEmpty() && !entry.content().endsWith("\n")) {
                context.out().println();
            }
            return 0;
        }
    }

    @Command(name = "set", description = "Replaces a memory document with a file's content (- reads standard input).")
    static final class Set extends ProjectCommand.WithAccount {
        @Option(names = "--doc", paramLabel = "NAME", description = "project.md or test_memory.md")
        String document = "project.md";

        @Option(names = "--file", required = true, paramLabel = "F", description = "the new content; - for standard input")
        String file;

        @Option(names = "--expect-version", paramLabel = "N",
                description = "refuse unless the stored version is still N (default: the version read just before)")
        @Nullable Long expectVersion;

        Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() throws IOException {
            MemoryDocument which = MemoryDocument.parse(document);
            String content = read(file);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            long expected = expectVersion != null ? expectVersion
                    : workspace.llm().memory().read(chosen).getOrDefault(which, MemoryEntry.empty(which)).version();
            MemoryEntry saved = workspace.llm().memory().save(chosen, which, content, expected);
            context.out().println("Saved " + which.fileName() + " of " + chosen.slug() + " (version " + saved.version()
                    + ", " + content.length() + " characters).");
            return 0;
        }

        private String read(String name) throws IOException {
            if (name.equals("-")) {
                return context.readAll();
            }
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                throw QodexException.invalid("file", "No such file: " + name);
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "chats", description = "The project assistant's stored chats.",
            subcommands = {ChatList.class, ChatShow.class})
    static final class Chats {
    }

    @Command(name = "list", description = "The project's chats, newest first.")
    static final class ChatList extends ProjectCommand.WithAccount {
        @Mixin
        JsonOption output;

        ChatList(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            Listing rows = Listing.of("ID", "id", "STARTED", "started_at", "BY", "started_by", "TITLE", "title");
            for (Chat chat : workspace.llm().assistant().chats(chosen)) {
                rows.row(chat.id(), chat.createdAt(), Listing.cell(chat.createdBy().orElse(""), chat.createdBy()),
                        chat.title());
            }
            rows.print(context, output.json, "");
            return 0;
        }
    }

    @Command(name = "show", description = "The messages of one chat, with each answer's model, tokens and cost.")
    static final class ChatShow extends ProjectCommand.WithAccount {
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Mixin
        JsonOption output;

        ChatShow(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            Chat chat = workspace.llm().assistant().chats(chosen).stream().filter(c -> c.id() == id).findFirst()
                    .orElseThrow(() -> QodexException.notFound("No chat " + id + " in " + chosen.slug() + "."));
            List<ChatMessage> messages = workspace.llm().assistant().messages(chosen, chat);
            if (output.json) {
                Listing.printJson(context, Listing.object("id", chat.id(), "title", chat.title(),
                        "started_at", chat.createdAt(), "started_by", chat.createdBy(), "messages", messages.stream()
                                .map(m -> Listing.object("role", m.role(), "content", m.content(), "model", m.model(),
                                        "input_tokens", m.inputTokens(), "output_tokens", m.outputTokens(),
                                        "cost_usd", m.cost().map(c -> c.usd())))
                                .toList()));
                return 0;
            }
            context.out().println("# " + chat.title());
            for (ChatMessage message : messages) {
                context.out().println();
                context.out().println(message.role() == LlmMessage.Role.USER ? "you:" : "assistant:");
                context.out().println(message.content());
                if (message.role() == LlmMessage.Role.ASSISTANT) {
                    context.out().println("tokens: " + message.inputTokens().orElse(0) + "/"
                            + message.outputTokens().orElse(0) + " cost: "
                            + message.cost().map(c -> c.plain()).orElse("$0.000000")
                            + message.model().map(m -> " model: " + m).orElse(""));
                }
            }
            return 0;
        }
    }
}
