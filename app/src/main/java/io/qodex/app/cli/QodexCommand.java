package io.qodex.app.cli;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qodex}: with a command, the CLI; without one, the desktop app (optionally on a route). */
@Command(name = "qodex", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Qodex Operator: run your Qodex projects from the desktop or the command line.",
        subcommands = {DbCommand.class, AccountCommands.Signup.class, AccountCommands.Verify.class,
                AccountCommands.Resend.class, AccountCommands.WhoAmI.class, AccountCommands.Password.class,
                ProjectsCommand.class, MembersCommand.class, InvitationsCommand.class, KeysCommand.class, ByokCommand.class, EnvCommand.class,
                LoginCommand.class, MailRelayCommand.class, AskCommand.class, SpendCommand.class, CapsCommand.class,
                OrgCommand.class, PricesCommand.class, MemoryCommand.Group.class, MemoryCommand.Chats.class,
                ScenariosCommand.Group.class, ScenariosCommand.FindingsGroup.class, ApiKeysCommand.class,
                CiCommand.class})
public final class QodexCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--open", paramLabel = "ROUTE", description = "Open the desktop app on a route, e.g. /p/shop/members.")
    @Nullable String route;

    QodexCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return DesktopEntry.launch(context, route);
    }
}
