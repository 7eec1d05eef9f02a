package io.qodex.app.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code qodex completion}: prints the bash completion script of the whole command tree (picocli's
 * {@link AutoComplete#bash}). Hidden: the package build writes it to {@code /usr/share/bash-completion/completions}.
 */
@Command(name = "completion", hidden = true, description = "Print the bash completion script of qodex.")
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        root.getOut().print(AutoComplete.bash("qodex", root));
        root.getOut().flush();
        return 0;
    }
}
