package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.common.Secret;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Accounts from the command line: signup, verify, resend, whoami, password. */
final class AccountCommands {

    private AccountCommands() {
    }

    @Command(name = "signup", description = "Create an account (password from $QODEX_PASSWORD or a prompt).")
    static final class Signup implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--email", required = true, paramLabel = "E", description = "Your email address.")
        String email;

        Signup(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Email address;
            try (Secret password = context.newPassword("QODEX_PASSWORD", "Choose a password (12+ characters): ")) {
                address = context.backend().accounts().signUp(email, password);
            }
            context.state().rememberEmail(address.value()).ifPresent(context::warn);
            context.out().println("Signed up " + address + ". A verification code was sent to " + address + ".");
            context.relayMailAndTell();
            context.out().println("Next: qodex verify --email " + address + " --code <code>");
            context.out().println("(with your password in QODEX_PASSWORD, or typed when asked: verifying sets it)");
            return 0;
        }
    }

    @Command(name = "verify", description = "Verify your email address with the code from the mail and your password "
            + "(QODEX_PASSWORD, else asked), which becomes the account's.")
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--email", required = true, paramLabel = "E", description = "The address to verify.")
        String email;

        @Option(names = "--code", required = true, paramLabel = "C", description = "The code from the mail (XXXX-XXXX-XXXX, any case).")
        String code;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            // The password becomes the account's: it belongs to whoever reads the mailbox, not to whoever signed the
            // address up first (anyone can; docs/security.md, "Accounts").
            String address = Email.parse(email).value();
            try (io.qodex.domain.common.Secret secret = context.password("QODEX_PASSWORD",
                    "Your password for " + address + " (the one you chose at sign-up, or a new one): ")) {
                context.backend().accounts().verify(email, code, secret);
            }
            context.out().println("Verified " + Email.parse(email) + ". You can sign in now.");
            return 0;
        }
    }

    @Command(name = "resend", description = "Send a new verification code (at most once a minute).")
    static final class Resend implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--email", required = true, paramLabel = "E")
        String email;

        Resend(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.backend().accounts().resendVerification(email);
            context.out().println("If " + Email.parse(email) + " waits for verification, a new code is on its way.");
            context.relayMailAndTell();
            return 0;
        }
    }

    @Command(name = "whoami", description = "Sign in and show the account.")
    static final class WhoAmI implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        WhoAmI(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Account me = workspace.account();
            context.out().println("email: " + me.email());
            context.out().println("verified: " + (me.verified() ? "yes" : "no (see the verification mail)"));
            me.organizations().current().ifPresentOrElse(org -> context.out().println("organization: " + org.slug()
                    + " (" + Table.printable(org.name()) + ")"), () -> context.out().println("organization: none. "
                    + io.qodex.domain.organization.OrganizationService.NO_ORGANIZATION));
            context.out().println("organization role: " + me.orgRole().name().toLowerCase(Locale.ROOT));
            context.out().println("key fingerprint: " + workspace.keyRing().myFingerprint()
                    + " (read it to an Admin who confirms you)");
            context.out().println("database: " + context.backend().describe());
            context.state().currentProject().ifPresent(slug -> context.out().println("current project: " + slug));
            return 0;
        }
    }

    @Command(name = "password", description = "Change or reset your password.",
            subcommands = {Change.class, Forgot.class, Reset.class})
    static final class Password {
    }

    @Command(name = "change", description = "Change the password ($QODEX_PASSWORD: current, $QODEX_NEW_PASSWORD: new).")
    static final class Change implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        Change(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            try (Secret next = context.newPassword("QODEX_NEW_PASSWORD", "New password: ")) {
                context.backend().accounts().changePassword(workspace.user(), next);
            }
            context.out().println("Password changed for " + workspace.account().email() + ".");
            return 0;
        }
    }

    @Command(name = "forgot", description = "Mail a password reset code.")
    static final class Forgot implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--email", required = true, paramLabel = "E")
        String email;

        Forgot(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            context.backend().accounts().requestPasswordReset(email);
            context.out().println("If an account exists for " + Email.parse(email) + ", a reset code is on its way.");
            context.relayMailAndTell();
            return 0;
        }
    }

    @Command(name = "reset", description = "Set a new password with the emailed code ($QODEX_NEW_PASSWORD or a prompt).")
    static final class Reset implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--email", required = true, paramLabel = "E")
        String email;

        @Option(names = "--code", required = true, paramLabel = "C")
        String code;

        Reset(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Secret next = context.newPassword("QODEX_NEW_PASSWORD", "New password: ")) {
                context.backend().accounts().resetPassword(email, code, next);
            }
            context.out().println("Password reset for " + Email.parse(email) + ". Your projects wait until an Admin's "
                    + "client shares their keys with your new key pair.");
            return 0;
        }
    }
}
