package io.qodex.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code qodex --version}: the version from the jar manifest (or "development" when run from classes) and the commit
 * the build was made from ({@code commit.txt}, written by the build).
 */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"Qodex Operator " + (version == null ? "development" : version) + " (commit " + commit()
                + ")"};
    }

    static String commit() {
        try (InputStream in = Version.class.getResourceAsStream("commit.txt")) {
            String text = in == null ? "" : new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
            return text.matches("[0-9a-f]{7,40}") ? text : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
