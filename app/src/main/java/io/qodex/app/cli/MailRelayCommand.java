package io.qodex.app.cli;

import io.qodex.app.runtime.Backend;
import io.qodex.domain.common.QodexException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qodex mail-relay}: delivers the outbox as the mailer login ($QODEX_MAILER_PASSWORD for a shared database). */
@Command(name = "mail-relay", description = "Deliver queued mail over SMTP ($QODEX_SMTP_HOST, _PORT, _USER, _PASSWORD, "
        + "_FROM, _STARTTLS) or into the local outbox folder; runs until stopped unless --once.")
final class MailRelayCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--once", description = "Deliver what is due and exit.")
    boolean once;

    @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "Polling interval.")
    int interval;

    MailRelayCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        Backend backend = context.backend();
        if (backend.relay().isEmpty()) {
            throw QodexException.invalid("Set QODEX_MAILER_PASSWORD (the mail relay's login of this database) to relay a shared database's mail.");
        }
        context.out().println("Relaying mail of the " + backend.describe() + " to the "
                + backend.relay().get().transport().describe() + ".");
        context.out().flush();
        do {
            int sent = backend.relayMail();
            if (sent > 0) {
                context.out().println("Sent " + sent + " mail(s).");
                context.out().flush();
            }
            if (!once) {
                Thread.sleep(interval * 1000L);
            }
        } while (!once);
        return 0;
    }
}
