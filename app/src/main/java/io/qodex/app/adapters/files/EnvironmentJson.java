package io.qodex.app.adapters.files;

import java.nio.file.Path;
import java.util.Map;

/** Environment files (at most 5 MB): see {@link JsonTreeFile}. */
public final class EnvironmentJson {

    public static final long MAX_FILE_BYTES = 5_000_000;
    private static final JsonTreeFile FILE = new JsonTreeFile("an environment file", MAX_FILE_BYTES);

    private EnvironmentJson() {
    }

    public static String write(Map<String, Object> tree) {
        return FILE.write(tree);
    }

    public static void write(Map<String, Object> tree, Path file) {
        FILE.write(tree, file);
    }

    public static Object read(Path file) {
        return FILE.read(file);
    }

    public static Object parse(byte[] content) {
        return FILE.parse(content);
    }
}
