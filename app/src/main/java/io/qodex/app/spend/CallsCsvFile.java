package io.qodex.app.spend;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.spend.CallQuery;
import io.qodex.domain.spend.SpendService;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes every call of a query (not only the page shown) as CSV: first to a hidden temporary file beside the target,
 * then moved into place, so a failure never leaves half a file or destroys an older one
 * (docs/decisions/0012-spend-and-assistant-views.md).
 */
final class CallsCsvFile {

    private CallsCsvFile() {
    }

    /** The number of calls written. */
    static long write(SpendService spend, CallQuery query, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), ".qodex-export-", ".csv.part");
            long rows;
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                rows = spend.exportCsv(query, out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write " + target.getFileName() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw QodexException.unavailable("Could not write " + target.getFileName() + ": "
                    + e.getCause().getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file is hidden and named as such; nothing else to do
                }
            }
        }
    }
}
