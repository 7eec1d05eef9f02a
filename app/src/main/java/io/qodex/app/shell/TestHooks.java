package io.qodex.app.shell;

import java.util.Map;

/** Lets tests start the desktop app in-process with their own environment (a test database, a temp QODEX_HOME). */
public final class TestHooks {

    private TestHooks() {
    }

    public static void environment(Map<String, String> environment) {
        DesktopApp.environmentOverride = Map.copyOf(environment);
    }

    /** Answers every "save as" dialog with {@code answer(suggested file name)} instead of showing it. */
    public static void saveAs(java.util.function.@org.jspecify.annotations.Nullable Function<String, java.nio.file.Path> answer) {
        io.qodex.app.common.FileDialogs.answerSaveWith(answer);
    }

    /** Answers every "open" dialog with {@code answer(dialog title)} instead of showing it. */
    public static void open(java.util.function.@org.jspecify.annotations.Nullable Function<String, java.nio.file.Path> answer) {
        io.qodex.app.common.FileDialogs.answerOpenWith(answer);
    }

    /**
     * Plays the operator of every recording the app starts: {@code operator} drives the visible recording page with
     * Playwright's mouse and keyboard (the recorder still runs for real); {@code null} leaves it to a person.
     */
    public static void operateRecordings(
            java.util.function.@org.jspecify.annotations.Nullable Consumer<com.microsoft.playwright.Page> operator) {
        io.qodex.app.adapters.browser.PlaywrightLoginRunner.operateRecordingsWith(operator);
    }
}
