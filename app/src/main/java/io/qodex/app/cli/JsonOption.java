package io.qodex.app.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the answer as one JSON document on standard output, with the field names of docs/cli-json.md. */
public final class JsonOption {

    @Option(names = "--json", description = "One JSON document on standard output (fields: docs/cli-json.md); "
            + "messages go to standard error.")
    boolean json;
}
