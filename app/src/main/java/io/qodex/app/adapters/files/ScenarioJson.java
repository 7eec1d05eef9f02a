package io.qodex.app.adapters.files;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scenario files ({@code qodex.scenarios.v1}): at most 20 MB, read as strictly as environment files ({@link
 * JsonTreeFile}); the domain then refuses anything beyond its own limits (1,000 scenarios, 100 steps each) before
 * anything is stored. Also reads one JSON value as typed in the editor ({@code "a"}, {@code 42}, {@code true},
 * {@code null}, an object or a list).
 */
public final class ScenarioJson {

    public static final JsonTreeFile FILE = new JsonTreeFile("a scenario file", 20_000_000);

    private ScenarioJson() {
    }

    public static Object read(Path file) {
        return FILE.read(file);
    }

    public static void write(Map<String, Object> tree, Path file) {
        FILE.write(tree, file);
    }

    /** One JSON value as typed; JSON {@code null} comes back as null. INVALID_INPUT when it is not one value. */
    public static @Nullable Object value(String text) {
        return FILE.value(text);
    }
}
