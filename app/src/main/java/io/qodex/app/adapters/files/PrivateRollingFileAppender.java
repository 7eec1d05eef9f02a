package io.qodex.app.adapters.files;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.qodex.domain.common.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Logback's rolling file appender, but the log folder is created with mode 0700 and each log file with mode 0600
 * before Logback opens it (Logback itself creates them with the umask, readable by everyone). Rolled-over files are
 * renamed, so they keep 0600. Configured in logback.xml.
 */
public final class PrivateRollingFileAppender extends RollingFileAppender<ILoggingEvent> {

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        PrivateFiles.createDirectories(file.getParent());
        PrivateFiles.createIfAbsent(file);
        super.openFile(fileName);
    }
}
