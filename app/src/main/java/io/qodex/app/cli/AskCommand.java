package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.assistant.TurnOptions;
import io.qodex.domain.llm.Admission;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmCall;
import io.qodex.domain.llm.LlmListener;
import io.qodex.domain.llm.LlmResult;
import io.qodex.domain.project.Project;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qodex ask}: one assistant turn through the gateway (project memory as context, source cli-ask). The answer
 * streams to standard output, then {@code tokens: <in>/<out> cost: $<amount> funding: <funding>}. Refused by a cap:
 * exit code 3.
 */
@Command(name = "ask", description = "Ask the project assistant one question (streams the answer, then tokens and cost).")
final class AskCommand extends ProjectCommand.WithAccount {

    @Option(names = "--model", paramLabel = "M", description = "Default: QODEX_LLM_MODEL, else gpt-4o-mini.")
    @Nullable String model;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most output tokens (default 1024).")
    int maxTokens = TurnOptions.DEFAULT_MAX_OUTPUT_TOKENS;

    @Parameters(paramLabel = "QUESTION", arity = "1..*")
    java.util.List<String> question;

    AskCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Workspace workspace = workspace();
        Project chosen = project(workspace);
        boolean[] streamed = {false};
        LlmCall call = workspace.llm().assistant().ask(chosen, String.join(" ", question),
                new TurnOptions(Optional.ofNullable(model), maxTokens), new LlmListener() {
                    @Override
                    public void admitted(Funding funding, Optional<Admission.CapWarning> warning) {
                        warning.ifPresent(w -> context.err().println("qodex: warning: " + w.message()));
                    }

                    @Override
                    public void delta(String text) {
                        context.out().print(text);
                        context.out().flush();
                        streamed[0] = true;
                    }
                });
        LlmResult.Completed answer = LlmResult.completedOrThrow(call.await());
        if (!streamed[0]) {
            context.out().print(answer.text());
        }
        context.out().println();
        context.out().println("tokens: " + answer.usage().input() + "/" + answer.usage().output() + " cost: "
                + answer.cost().plain() + " funding: " + answer.funding().code());
        return 0;
    }
}
