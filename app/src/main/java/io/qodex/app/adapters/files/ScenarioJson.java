package io.qodex.app.adapters.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.scenario.ScenarioCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scenario files ({@value ScenarioCodec#FORMAT}): writes the export tree as indented JSON and reads a file into a plain
 * tree for the domain to check, with the same defences as {@link EnvironmentJson} (size, string length, depth,
 * duplicate fields, nothing after the document). Also reads one JSON value as typed in the editor
 * ({@code "a"}, {@code 42}, {@code true}, {@code null}, an object or a list). Problems never quote the file's content.
 */
public final class ScenarioJson {

    public static final long MAX_FILE_BYTES = 20_000_000;
    static final int MAX_STRING = 1_000_000;
    static final int MAX_DEPTH = 40;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING)
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(40)
                    .maxDocumentLength(MAX_FILE_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ScenarioJson() {
    }

    public static String write(Map<String, Object> tree) {
        try {
            return MAPPER.writeValueAsString(tree) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("Could not write the scenarios as JSON.");
        }
    }

    public static void write(Map<String, Object> tree, Path file) {
        try {
            Files.writeString(file, write(tree));
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file; a file that is too big or not JSON is an INVALID_INPUT problem of the field "(file)". */
    public static Object read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw QodexException.invalid("(file)", "The file has " + size + " bytes; a scenario file has at most "
                        + MAX_FILE_BYTES + ".");
            }
            Object tree = parse(Files.readAllBytes(file));
            if (tree == null) {
                throw QodexException.invalid("(file)", "The file holds null, not scenarios.");
            }
            return tree;
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "Cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * One JSON value as typed in the editor; JSON {@code null} comes back as null. Numbers keep their exact value
     * (BigInteger, BigDecimal). INVALID_INPUT when the text is not one JSON value.
     */
    public static @Nullable Object value(String text) {
        return parse(text.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static @Nullable Object parse(byte[] content) {
        if (content.length > MAX_FILE_BYTES) {
            throw QodexException.invalid("(file)", "The content has " + content.length + " bytes; a scenario file has "
                    + "at most " + MAX_FILE_BYTES + ".");
        }
        try {
            return MAPPER.readValue(content, Object.class);
        } catch (StreamConstraintsException e) {
            throw QodexException.invalid("(file)", "The content goes beyond the limits of a scenario file (text values "
                    + "of at most " + MAX_STRING + " characters, nesting at most " + MAX_DEPTH + " deep).");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "it is not valid JSON";
            throw QodexException.invalid("(file)", "The content cannot be read: " + what + position + ".");
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "The content cannot be read: " + e.getMessage());
        }
    }
}
