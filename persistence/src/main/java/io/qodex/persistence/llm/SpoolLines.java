package io.qodex.persistence.llm;

import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.llm.Funding;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.TokenUsage;
import io.qodex.domain.llm.UsageRecord;
import io.qodex.domain.llm.UsageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One usage row as one line of the spool file: "v1" and 15 tab-separated fields, with backslash, tab, newline and
 * carriage return escaped, and {@code \N} for no error message.
 */
final class SpoolLines {

    private static final String VERSION = "v1";
    private static final int FIELDS = 16;

    private SpoolLines() {
    }

    static String encode(UsageRecord row) {
        return String.join("\t", VERSION, row.callId().toString(), Long.toString(row.projectId()),
                Long.toString(row.userId()), row.provider().code(), escape(row.model()), row.source().value(),
                row.funding().code(), Long.toString(row.tokens().input()), Long.toString(row.tokens().output()),
                Long.toString(row.tokens().cached()), Long.toString(row.latencyMillis()), row.outcome().code(),
                Long.toString(row.cost().micros()), row.errorMessage().map(SpoolLines::escape).orElse("\\N"),
                row.createdAt().toString());
    }

    /** The row of a line, or empty for a line that is not one (e.g. cut short by a crash while writing). */
    static Optional<UsageRecord> decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS || !VERSION.equals(f[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UsageRecord(UUID.fromString(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    LlmProvider.parse(f[4]), unescape(f[5]), new UsageSource(f[6]), Funding.parse(f[7]),
                    new TokenUsage(Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10])),
                    Duration.ofMillis(Long.parseLong(f[11])), CallOutcome.parse(f[12]), Money.ofMicros(Long.parseLong(f[13])),
                    f[14].equals("\\N") ? Optional.empty() : Optional.of(unescape(f[14])), Instant.parse(f[15])));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static List<String> lines(List<UsageRecord> rows) {
        List<String> lines = new ArrayList<>(rows.size());
        rows.forEach(row -> lines.add(encode(row)));
        return lines;
    }
}
