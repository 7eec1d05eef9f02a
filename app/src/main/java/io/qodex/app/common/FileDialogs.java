package io.qodex.app.common;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

/**
 * The native "save as" and "open" dialogs. Headless tests cannot drive a native dialog, so they answer it through
 * {@link io.qodex.app.shell.TestHooks#saveAs(Function)}: the function gets the suggested file name.
 */
public final class FileDialogs {

    private static volatile @Nullable Function<String, Path> saveAnswer;
    private static volatile @Nullable Function<String, Path> openAnswer;

    private FileDialogs() {
    }

    public static void answerSaveWith(@Nullable Function<String, Path> answer) {
        saveAnswer = answer;
    }

    /** Answers every "open" dialog with {@code answer(title)} instead of showing it (tests). */
    public static void answerOpenWith(@Nullable Function<String, Path> answer) {
        openAnswer = answer;
    }

    /** Asks which file to open; empty when the user cancelled. */
    public static Optional<Path> open(Window owner, String title, String kind, String pattern) {
        Function<String, Path> answer = openAnswer;
        if (answer != null) {
            return Optional.ofNullable(answer.apply(title));
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        File file = chooser.showOpenDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }

    /** Asks where to save; empty when the user cancelled. */
    public static Optional<Path> saveAs(Window owner, String title, String suggestedName, String kind, String pattern) {
        Function<String, Path> answer = saveAnswer;
        if (answer != null) {
            return Optional.ofNullable(answer.apply(suggestedName));
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        File file = chooser.showSaveDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }
}
