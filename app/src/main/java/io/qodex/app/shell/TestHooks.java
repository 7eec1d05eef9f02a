package io.qodex.app.shell;

import java.util.Map;

/** Lets tests start the desktop app in-process with their own environment (a test database, a temp QODEX_HOME). */
public final class TestHooks {

    private TestHooks() {
    }

    public static void environment(Map<String, String> environment) {
        DesktopApp.environmentOverride = Map.copyOf(environment);
    }
}
