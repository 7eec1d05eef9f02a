package io.qodex.app.runtime.config;

import io.qodex.domain.common.PrivateFiles;
import io.qodex.domain.common.QodexException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the CLI and the desktop app share between runs: the current project (set by {@code qodex projects use}), each
 * account's current organization ({@code qodex org use}, the window's switcher) and the last route, so the app opens
 * where the user left it.
 *
 * <p>Many {@code qodex} processes write it at once (CI): each change is read, made and written under a lock on
 * {@code state.properties.lock} (a file lock between processes, a monitor within one), and written atomically, so no
 * change is lost and no reader sees half a file. Remembering what was last used is a convenience: when it cannot be
 * written, the command that did its work still succeeds ({@link #remembered}).
 */
public final class AppState {

    private static final Logger LOG = LoggerFactory.getLogger(AppState.class);
    /** File locks belong to the whole process: threads of one process take turns here first. */
    private static final Object IN_PROCESS = new Object();

    private final QodexHome home;

    public AppState(QodexHome home) {
        this.home = home;
    }

    public Optional<String> currentProject() {
        return get("project.current");
    }

    /** {@code qodex projects use}: the choice is the command's work, so a failure to write it fails the command. */
    public void useProject(String slug) {
        try {
            set("project.current", slug);
        } catch (IOException | UncheckedIOException e) {
            throw QodexException.unavailable("Cannot remember the current project in " + home.stateFile() + ": "
                    + cause(e), e);
        }
    }

    /** The organization {@code qodex org use} (or the window's switcher) chose for this account, if any. */
    public Optional<String> currentOrganization(String email) {
        return get(organizationKey(email));
    }

    /** {@code qodex org use}: the choice is the command's work, so a failure to write it fails the command. */
    public void useOrganization(String email, String slug) {
        try {
            set(organizationKey(email), slug);
        } catch (IOException | UncheckedIOException e) {
            throw QodexException.unavailable("Cannot remember the current organization in " + home.stateFile() + ": "
                    + cause(e), e);
        }
    }

    /** Best effort (see {@link #remembered}): the window's switcher. */
    public Optional<String> rememberOrganization(String email, String slug) {
        return remembered(organizationKey(email), slug);
    }

    private static String organizationKey(String email) {
        return "org.current." + email.strip().toLowerCase(java.util.Locale.ROOT);
    }

    public Optional<String> lastRoute() {
        return get("route.last");
    }

    /** Best effort (see {@link #remembered}). */
    public Optional<String> rememberRoute(String route) {
        return remembered("route.last", route);
    }

    public Optional<String> lastEmail() {
        return get("account.last-email");
    }

    /** Best effort (see {@link #remembered}). */
    public Optional<String> rememberEmail(String email) {
        return remembered("account.last-email", email);
    }

    /**
     * Writes a value that only saves typing next time; a failure is logged and returned as the sentence to show (it
     * names the real cause, e.g. a full disk or a read-only home), never thrown.
     */
    private Optional<String> remembered(String key, String value) {
        try {
            set(key, value);
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            String problem = "could not remember " + key + " in " + home.stateFile() + ": " + cause(e);
            LOG.warn("{}", problem);
            return Optional.of(problem);
        }
    }

    /** Whether the window's sidebar was collapsed (Ctrl+B) when last used. */
    public boolean sidebarCollapsed() {
        return get("ui.sidebar-collapsed").map(Boolean::parseBoolean).orElse(false);
    }

    /** Best effort (see {@link #remembered}). */
    public Optional<String> rememberSidebarCollapsed(boolean collapsed) {
        return remembered("ui.sidebar-collapsed", Boolean.toString(collapsed));
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(PropertiesFile.load(home.stateFile()).getProperty(key)).filter(v -> !v.isBlank());
    }

    private void set(String key, String value) throws IOException {
        Path file = home.stateFile();
        PrivateFiles.createDirectories(file.getParent());
        synchronized (IN_PROCESS) {
            try (FileChannel lockFile = PrivateFiles.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockFile.lock(); // released when the channel closes
                try {
                    Properties properties = PropertiesFile.load(file);
                    if (value.equals(properties.getProperty(key))) {
                        return;
                    }
                    properties.setProperty(key, value);
                    PropertiesFile.store(file, properties, "Qodex Operator state shared by the CLI and the app");
                } finally {
                    lock.release();
                }
            }
        }
    }

    private static String cause(Exception e) {
        Throwable root = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
