package io.qodex.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void cellsCannotDriveTheTerminalOrFakeRows() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);
        Table.print(out, List.of(new String[] {"NAME", "TAGS"},
                new String[] {"a\u001b]52;c;bad\u0007", "x\ny"}, new String[] {"rate0\u200b", "\u202Eevil"}));
        assertThat(text.toString()).isEqualTo("NAME          TAGS\n"
                + "a?]52;c;bad?  x?y\n"
                + "rate0?        ?evil\n");
    }
}
