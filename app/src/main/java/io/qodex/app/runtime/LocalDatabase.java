package io.qodex.app.runtime;

import io.qodex.persistence.server.EmbeddedServer;
import io.qodex.persistence.server.PostmasterStatus;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** The embedded PostgreSQL of a QODEX_HOME, for {@code qodex db status} and {@code qodex db stop}. */
public final class LocalDatabase {

    /** What the CLI prints: the JDBC URL (if known), the server's PID (if it runs), the data directory. */
    public record Status(Optional<String> jdbcUrl, OptionalLong pid, Path dataDirectory) {
    }

    private final EmbeddedServer server;

    public LocalDatabase(Path home) {
        this.server = EmbeddedServer.forHome(home);
    }

    public Status status() {
        Optional<PostmasterStatus> running = server.status();
        Optional<String> url = running.isPresent() ? Optional.of(server.jdbcUrl(EmbeddedServer.DATABASE))
                : server.rememberedPort().stream().mapToObj(port -> "jdbc:postgresql://127.0.0.1:" + port + "/"
                        + EmbeddedServer.DATABASE).findFirst();
        return new Status(url, running.map(s -> OptionalLong.of(s.pid())).orElse(OptionalLong.empty()),
                server.dataDirectory());
    }

    /** Stops the server whoever started it; false if it was not running. */
    public boolean stop() {
        return server.stop();
    }
}
