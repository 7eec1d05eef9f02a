package io.qodex.app.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * Left-aligned columns separated by two spaces; the first row is the header. Cells come from the database, where other
 * people write: control and format characters (a terminal's escape sequences, line breaks, right-to-left overrides)
 * are shown as {@code ?}, so a cell can neither drive the terminal nor fake a row.
 */
final class Table {

    private Table() {
    }

    static void print(PrintWriter out, List<String[]> rows) {
        rows = rows.stream().map(row -> java.util.Arrays.stream(row).map(Table::printable).toArray(String[]::new))
                .toList();
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** The text with every control or format character shown as {@code ?}. */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean hidden = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (hidden && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(hidden ? '?' : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
