package io.qodex.app.cli;

import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.runtime.config.AppState;
import io.qodex.app.runtime.config.QodexHome;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.project.Project;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What every command shares: the environment, QODEX_HOME, the backend (opened on first use) and the signed-in
 * workspace. Passwords come from environment variables or a prompt, never from arguments.
 */
public final class CliContext implements AutoCloseable {

    private final Map<String, String> environment;
    private final BufferedReader stdin;
    private final QodexHome home;
    private final AppConfig config;
    private final AppState state;
    private PrintWriter out;
    private PrintWriter err;
    private @Nullable Backend backend;
    private final @Nullable Backend shared;
    private @Nullable Workspace workspace;

    public CliContext(Map<String, String> environment, BufferedReader stdin, PrintWriter out, PrintWriter err) {
        this(environment, stdin, out, err, null);
    }

    /** With {@code shared}, commands use that backend and leave it open (the background process's). */
    public CliContext(Map<String, String> environment, BufferedReader stdin, PrintWriter out, PrintWriter err,
                      @Nullable Backend shared) {
        this.shared = shared;
        this.environment = environment;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.home = QodexHome.resolve(environment).ensureExists();
        this.config = AppConfig.load(home, environment);
        this.state = new AppState(home);
    }

    public Map<String, String> environment() {
        return environment;
    }

    public QodexHome home() {
        return home;
    }

    public AppConfig config() {
        return config;
    }

    public AppState state() {
        return state;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    void streams(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** The backend, opened on first use; a connection the user chose not to verify is warned about once, here. */
    public Backend backend() {
        if (backend == null) {
            backend = shared != null ? shared : Backend.open(config, step -> { });
            backend.transportWarning().ifPresent(this::warn);
        }
        return backend;
    }

    /**
     * An import with problems: each on standard error as {@code   field: reason}, then the failure that ends the
     * command (exit 2) saying nothing was changed.
     */
    public QodexException importRefused(java.util.List<io.qodex.domain.common.FieldProblem> problems) {
        problems.forEach(problem -> err.println("  " + Table.printable(problem.toString())));
        return QodexException.invalid("Import refused: " + problems.size() + " problem(s), listed above; nothing was "
                + "changed.");
    }

    /** One warning line on standard error: {@code qodex: warning: …}. */
    public void warn(String warning) {
        err.println("qodex: warning: " + Table.printable(warning));
    }

    /** Signs in as {@code --email}/QODEX_EMAIL with QODEX_PASSWORD or a prompt; completes pending key work. */
    public Workspace signIn(@Nullable String email) {
        if (workspace == null) {
            String account = email(email);
            Backend opened = backend();
            try (Secret password = password("QODEX_PASSWORD", "Password for " + account + ": ")) {
                workspace = opened.signIn(account, password);
            }
            String pending = workspace.completePendingKeyWork();
            if (!pending.isEmpty()) {
                err.println(pending);
            }
            state.rememberEmail(workspace.account().email().value()).ifPresent(this::warn);
            // the organization qodex org use chose for this account, if it still belongs to it (decision 0030)
            state.currentOrganization(workspace.account().email().value())
                    .flatMap(workspace.account().organizations()::bySlug)
                    .ifPresent(org -> workspace.account().organizations().select(org.slug()));
        }
        return workspace;
    }

    /**
     * Signs in and makes {@code --org SLUG} current for this command only (else the one {@code qodex org use} chose);
     * refused with what to do when the account belongs to no organization.
     */
    public Workspace signIn(@Nullable String email, @Nullable String org) {
        Workspace signedIn = signIn(email);
        if (org != null && !org.isBlank()) {
            signedIn.organizations().use(org.strip());
        } else {
            signedIn.organizations().current();
        }
        return signedIn;
    }

    public String email(@Nullable String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnvironment = environment.get("QODEX_EMAIL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return state.lastEmail().orElseThrow(() -> QodexException.invalid("email",
                "Say which account: --email E or QODEX_EMAIL."));
    }

    /** The project named by --project, else the current one ({@code qodex projects use}). */
    public Project project(Workspace workspace, @Nullable String slug) {
        String chosen = slug != null && !slug.isBlank() ? slug : state.currentProject().orElseThrow(() ->
                QodexException.invalid("project", "Say which project: --project SLUG (or qodex projects use SLUG)."));
        return workspace.projects().bySlug(chosen);
    }

    /** A secret from an environment variable, else a prompt on the terminal (never an argument). */
    public Secret password(String variable, String prompt) {
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) {
            return Secret.copyOf(fromEnvironment);
        }
        Console console = System.console();
        if (console == null) {
            throw QodexException.invalid("password", "No terminal to ask for the password: set " + variable + ".");
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            throw QodexException.invalid("password", "No password given.");
        }
        return Secret.adopt(typed);
    }

    /** Like {@link #password} but asks twice on a terminal, for new passwords. */
    public Secret newPassword(String variable, String prompt) {
        if (environment.containsKey(variable) || System.console() == null) {
            return password(variable, prompt);
        }
        Secret first = password(variable, prompt);
        try (Secret second = password(variable, "Repeat: ")) {
            if (!first.sameAs(second)) {
                first.close();
                throw QodexException.invalid("password", "The two passwords differ.");
            }
        }
        return first;
    }

    /** One line from standard input (for secrets piped in), without the line break. */
    public Optional<String> readLine() {
        try {
            return Optional.ofNullable(stdin.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The rest of standard input (a document piped in). */
    public String readAll() {
        try {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
                all.append(buffer, 0, n);
            }
            return all.toString();
        } catch (IOException e) {
            throw QodexException.unavailable("Could not read standard input: " + e.getMessage(), e);
        }
    }

    /** A note about where local mail goes, for commands that queue mail. */
    public void relayMailAndTell() {
        int sent = backend().relayMail();
        if (sent > 0 && backend().embedded()) {
            out.println("Local mode: the mail is in " + home.outbox());
        }
    }

    @Override
    public void close() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
        if (backend != null) {
            if (backend != shared) {
                backend.close();
            }
            backend = null;
        }
    }
}
