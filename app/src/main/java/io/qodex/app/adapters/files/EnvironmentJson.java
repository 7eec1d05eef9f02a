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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Environment files: writes the export tree as indented JSON and reads a file into a plain tree (maps, lists,
 * strings, numbers, booleans, nulls) for the domain to check. Reading is defensive: at most 5 MB, strings of at most
 * 100,000 characters, nesting at most 20 deep, no duplicate fields, nothing after the document. Problems never quote
 * the file's content.
 */
public final class EnvironmentJson {

    public static final long MAX_FILE_BYTES = 5_000_000;
    static final int MAX_STRING = 100_000;
    static final int MAX_DEPTH = 20;

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
            .enable(SerializationFeature.INDENT_OUTPUT);

    private EnvironmentJson() {
    }

    public static String write(Map<String, Object> tree) {
        try {
            return MAPPER.writeValueAsString(tree) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("Could not write the environment as JSON.");
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
                throw QodexException.invalid("(file)", "The file has " + size + " bytes; an environment file has at "
                        + "most " + MAX_FILE_BYTES + ".");
            }
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "Cannot read " + file + ": " + e.getMessage());
        }
    }

    public static Object parse(byte[] content) {
        if (content.length > MAX_FILE_BYTES) {
            throw QodexException.invalid("(file)", "The content has " + content.length + " bytes; an environment "
                    + "file has at most " + MAX_FILE_BYTES + ".");
        }
        try {
            Object tree = MAPPER.readValue(content, Object.class);
            if (tree == null) {
                throw QodexException.invalid("(file)", "The file holds null, not an environment.");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw QodexException.invalid("(file)", "The file goes beyond the limits of an environment file (text "
                    + "values of at most " + MAX_STRING + " characters, nesting at most " + MAX_DEPTH + " deep).");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "it is not valid JSON";
            throw QodexException.invalid("(file)", "The file cannot be read: " + what + position + ".");
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "The file cannot be read: " + e.getMessage());
        }
    }
}
