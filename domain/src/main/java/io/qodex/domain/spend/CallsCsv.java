package io.qodex.domain.spend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/** The CSV of calls (RFC 4180): one header line, then one line per call, amounts in USD with six decimals. */
public final class CallsCsv {

    public static final String HEADER = "time_utc,call_id,project,user,provider,model,source,funding,outcome,"
            + "input_tokens,output_tokens,cached_tokens,latency_ms,cost_usd,error";

    private CallsCsv() {
    }

    public static String line(CallEntry call) {
        return String.join(",", DateTimeFormatter.ISO_INSTANT.format(call.at()), call.callId().toString(),
                quote(call.project()), quote(call.user()), quote(call.provider()), quote(call.model()),
                quote(call.source()), call.funding().code(), call.outcome().code(), Long.toString(call.tokens().input()),
                Long.toString(call.tokens().output()), Long.toString(call.tokens().cached()),
                Long.toString(call.latencyMillis()), call.cost().usd().toPlainString(), quote(call.error().orElse("")));
    }

    static String quote(String value) {
        // a leading =, +, - or @ would be a formula in spreadsheet programs: keep it text
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) {
            return safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    /** Appends {@code line} and CRLF. */
    static void write(Appendable out, String line) {
        try {
            out.append(line).append("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
