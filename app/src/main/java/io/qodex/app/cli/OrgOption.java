package io.qodex.app.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --org SLUG}: which of the account's organizations a command acts on (default: {@code qodex org use}'s). */
public final class OrgOption {

    @Option(names = "--org", paramLabel = "SLUG",
            description = "The organization (default: the one qodex org use chose, else your first).")
    @Nullable String slug;
}
