package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qodex completion} prints a bash completion script for the whole command tree and stays out of the help. */
class CompletionCommandTest {

    @TempDir
    Path home;

    @Test
    void printsTheBashCompletionOfEveryCommand() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CliMain.run(new String[] {"completion"}, Map.of("QODEX_HOME", home.toString()),
                new BufferedReader(new StringReader("")), new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString()).contains("complete -F _complete_qodex", "_picocli_qodex_scenarios_run",
                "_picocli_qodex_env_setlogin");
    }

    @Test
    void isHiddenFromTheHelp() {
        StringWriter out = new StringWriter();
        CliMain.run(new String[] {"--help"}, Map.of("QODEX_HOME", home.toString()),
                new BufferedReader(new StringReader("")), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        assertThat(out.toString()).contains("signup").doesNotContain("completion");
    }
}
