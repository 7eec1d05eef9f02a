package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.project.Project;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the project-scoped commands share: {@code --project S} (default: the current project) and who signs in.
 * {@link WithAccount} takes the account from {@code --email}/QODEX_EMAIL; a command whose {@code --email} means
 * something else (an auth profile's login) extends this class and names the account its own way.
 */
abstract class ProjectCommand implements Callable<Integer> {

    final CliContext context;

    @Option(names = "--project", paramLabel = "S", description = "The project (default: the current one).")
    @Nullable String project;

    ProjectCommand(CliContext context) {
        this.context = context;
    }

    abstract @Nullable String account();

    Workspace workspace() {
        return context.signIn(account());
    }

    Project project(Workspace workspace) {
        return context.project(workspace, project);
    }

    /** Commands whose --email is the signed-in account. */
    abstract static class WithAccount extends ProjectCommand {
        @Mixin
        AccountOption accountOption;

        WithAccount(CliContext context) {
            super(context);
        }

        @Override
        @Nullable String account() {
            return accountOption == null ? null : accountOption.email;
        }
    }
}
