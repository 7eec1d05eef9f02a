package io.qodex.app.cli;

import org.jspecify.annotations.Nullable;

/** Hands over to the desktop app (JavaFX) when {@code qodex} runs without a command. */
public final class DesktopEntry {

    private static volatile @Nullable DesktopStarter starter;

    /** Starts the JavaFX application; registered by the launcher so the CLI does not depend on JavaFX. */
    @FunctionalInterface
    public interface DesktopStarter {
        int start(@Nullable String route);
    }

    private DesktopEntry() {
    }

    public static void register(DesktopStarter desktop) {
        starter = desktop;
    }

    static int launch(CliContext context, @Nullable String route) {
        DesktopStarter desktop = starter;
        if (desktop == null) {
            context.err().println("qodex: the desktop app is not available in this build; see qodex --help");
            return 1;
        }
        context.close();
        return desktop.start(route);
    }
}
