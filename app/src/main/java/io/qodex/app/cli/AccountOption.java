package io.qodex.app.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --email}: which account signs in (default QODEX_EMAIL, then the last one used). */
public final class AccountOption {

    @Option(names = "--email", paramLabel = "E", description = "Account email (default: $QODEX_EMAIL, else the last one used).")
    @Nullable String email;
}
