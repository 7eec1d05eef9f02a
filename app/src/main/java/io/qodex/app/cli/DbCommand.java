package io.qodex.app.cli;

import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.app.runtime.config.DatabaseTls;
import io.qodex.app.cli.resident.Resident;
import io.qodex.app.cli.resident.ResidentClient;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.LocalDatabase;
import io.qodex.app.runtime.SharedServerSetup;
import io.qodex.domain.common.QodexException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The database: the embedded server's life cycle, and setting up a shared server (DBAs). */
@Command(name = "db", description = "Start, stop and inspect the database; set up a shared server.",
        subcommands = {DbCommand.Start.class, DbCommand.Status.class, DbCommand.Stop.class, DbCommand.Init.class,
                DbCommand.Migrate.class, DbCommand.PsqlUrl.class})
final class DbCommand {

    @Command(name = "start", description = "Start the local (embedded) database and leave it running.")
    static final class Start implements Callable<Integer> {
        private final CliContext context;

        Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Backend backend = context.backend();
            if (!backend.embedded()) {
                context.out().println("Using the " + backend.describe() + "; there is nothing to start.");
                return 0;
            }
            backend.detachServer();
            context.out().println("PostgreSQL is running: " + backend.jdbcUrl());
            context.out().println("data: " + backend.dataDirectory().orElseThrow());
            return 0;
        }
    }

    @Command(name = "status", description = "Print the JDBC URL, whether the database runs, and the background "
            + "process that keeps it running between commands.")
    static final class Status implements Callable<Integer> {
        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            DatabaseChoice choice = context.config().database();
            String background = Resident.describe(context.home().path(), context.environment());
            if (choice instanceof DatabaseChoice.Shared shared) {
                context.out().println("mode: shared");
                context.out().println("url: " + shared.jdbcUrl());
                context.out().println("background: " + background);
                return 0;
            }
            LocalDatabase.Status status = new LocalDatabase(context.home().path()).status();
            context.out().println("mode: embedded");
            context.out().println("url: " + status.jdbcUrl().orElse("(none yet: the database was never started)"));
            context.out().println(status.pid().isPresent() ? "running: yes (pid " + status.pid().getAsLong() + ")"
                    : "running: no");
            context.out().println("data: " + status.dataDirectory());
            context.out().println("background: " + background);
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the local (embedded) database.")
    static final class Stop implements Callable<Integer> {
        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (ResidentClient.stop(context.home().path())) {
                context.out().println("Stopped the background process.");
            }
            if (context.config().database() instanceof DatabaseChoice.Shared) {
                context.out().println("Using a shared database; there is nothing to stop here.");
                return 0;
            }
            boolean stopped = new LocalDatabase(context.home().path()).stop();
            context.out().println(stopped ? "Stopped the local database." : "The local database was not running.");
            return 0;
        }
    }

    @Command(name = "init", description = "Prepare a shared PostgreSQL server (roles, database, schema), as a "
            + "superuser: $QODEX_ADMIN_USER (default postgres) and $QODEX_ADMIN_PASSWORD. Prints the client settings.")
    static final class Init implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
                description = "The database to create or update, e.g. jdbc:postgresql://db.example.com:5432/qodex")
        String url;

        @Option(names = "--admin", paramLabel = "EMAIL", description = "The address whose account administers the "
                + "organization once verified. Without it the first account to verify does, and anyone who has the "
                + "sign-up password could be first.")
        String admin;

        Init(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            DatabaseTls tls = context.config().databaseTls();
            tls.warning(url).ifPresent(context::warn);
            java.util.Optional<io.qodex.domain.account.Email> firstAdmin = java.util.Optional.ofNullable(admin)
                    .map(io.qodex.domain.account.Email::parse);
            SharedServerSetup.Prepared prepared = SharedServerSetup.init(url, context.environment(), tls, firstAdmin);
            context.out().println("Database " + prepared.database() + " is ready (schema version "
                    + prepared.schemaVersion() + ", installation " + prepared.installationId() + ").");
            context.out().println("Clients:    QODEX_DB_URL=" + prepared.jdbcUrl() + " QODEX_SIGNUP_USER="
                    + prepared.signupRole() + " QODEX_SIGNUP_PASSWORD=" + prepared.signupPassword().orElse("(unchanged)")
                    + tls.caFile().map(ca -> " QODEX_DB_CA=" + ca).orElse("")
                    + (tls.optedOut(url) ? " QODEX_DB_TLS=insecure" : ""));
            context.out().println("Mail relay: QODEX_MAILER_PASSWORD=" + prepared.mailerPassword().orElse("(unchanged)")
                    + " (login " + prepared.mailerRole() + ")");
            context.out().println("Migrations: QODEX_OWNER_PASSWORD=" + prepared.ownerPassword().orElse("(unchanged)")
                    + " (login " + prepared.ownerRole() + ")");
            prepared.firstAdmin().ifPresentOrElse(
                    said -> context.out().println("Organization admin: " + said + "."),
                    () -> context.warn("no --admin: the first account to verify its address will administer the "
                            + "organization; anyone who has the sign-up password could be first."));
            for (String statement : prepared.advice()) {
                context.err().println("qodex: warning: this admin login may not run \"" + statement
                        + "\"; ask a superuser to run it to close that door too.");
            }
            return 0;
        }
    }

    @Command(name = "migrate", description = "Migrate a shared database as its owner login ($QODEX_OWNER_PASSWORD).")
    static final class Migrate implements Callable<Integer> {
        private final CliContext context;

        Migrate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (!(context.config().database() instanceof DatabaseChoice.Shared shared)) {
                context.backend();
                context.out().println("The local database is migrated at every start.");
                return 0;
            }
            String password = context.environment().get("QODEX_OWNER_PASSWORD");
            if (password == null) {
                throw QodexException.invalid("Set QODEX_OWNER_PASSWORD to migrate the shared database.");
            }
            DatabaseTls tls = context.config().databaseTls();
            tls.warning(shared.jdbcUrl()).ifPresent(context::warn);
            context.out().println("Schema version " + SharedServerSetup.migrate(shared, tls, password) + ".");
            return 0;
        }
    }

    @Command(name = "psql-url", description = "Print your account's own connection URI for psql and other PostgreSQL "
            + "tools (password from $QODEX_PASSWORD or a prompt); they see what you see, under row-level security.")
    static final class PsqlUrl implements Callable<Integer> {
        private final CliContext context;

        @picocli.CommandLine.Mixin
        AccountOption account;

        PsqlUrl(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            String email = context.email(account.email);
            try (io.qodex.domain.common.Secret password = context.password("QODEX_PASSWORD", "Password for " + email + ": ")) {
                context.out().println(context.backend().psqlUrl(email, password));
            }
            return 0;
        }
    }
}
