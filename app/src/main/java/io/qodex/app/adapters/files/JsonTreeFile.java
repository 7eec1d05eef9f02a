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
 * A kind of JSON file the user exports and imports: writes a tree as indented JSON and reads a file into a plain
 * tree (maps, lists, strings, numbers, booleans, nulls) for the domain to check. Reading is defensive: a size limit,
 * strings of at most 100,000 characters, nesting at most 20 deep, no duplicate fields, nothing after the document.
 * Problems are of the field "(file)" and never quote the file's content.
 */
public final class JsonTreeFile {

    static final int MAX_STRING = 100_000;
    static final int MAX_DEPTH = 20;

    private final String what;
    private final long maxBytes;
    private final ObjectMapper mapper;

    /** @param what the file in a sentence, e.g. "an environment file" */
    public JsonTreeFile(String what, long maxBytes) {
        this.what = what;
        this.maxBytes = maxBytes;
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING)
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(40)
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public String write(Map<String, Object> tree) {
        try {
            return mapper.writeValueAsString(tree) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw QodexException.integrity("Could not write " + what + " as JSON.");
        }
    }

    /** Writes through a temporary file in the same folder, so a failed write leaves no half file behind. */
    public void write(Map<String, Object> tree, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, write(tree));
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the move took it, or there is nothing more to do
                }
            }
        }
    }

    /** Reads a file; a file that is too big or not JSON is an INVALID_INPUT problem of the field "(file)". */
    public Object read(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            // read at most one byte more than allowed: a device or a pipe says nothing of its size beforehand
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw QodexException.invalid("(file)", "The file has more than " + maxBytes + " bytes; " + what
                        + " has at most " + maxBytes + ".");
            }
            return parse(content);
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "Cannot read " + file + ": " + e.getMessage());
        }
    }

    public Object parse(byte[] content) {
        Object tree = parseValue(content);
        if (tree == null) {
            throw QodexException.invalid("(file)", "The file holds null, not " + what + ".");
        }
        return tree;
    }

    /** One JSON value typed by hand (null for JSON null), read with the same limits. */
    public @org.jspecify.annotations.Nullable Object value(String text) {
        return parseValue(text.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private @org.jspecify.annotations.Nullable Object parseValue(byte[] content) {
        if (content.length > maxBytes) {
            throw QodexException.invalid("(file)", "The content has " + content.length + " bytes; " + what
                    + " has at most " + maxBytes + ".");
        }
        try {
            return mapper.readValue(content, Object.class);
        } catch (StreamConstraintsException e) {
            throw QodexException.invalid("(file)", "The file goes beyond the limits of " + what + " (text values of "
                    + "at most " + MAX_STRING + " characters, nesting at most " + MAX_DEPTH + " deep).");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            String problem = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "a field appears twice" : "it is not valid JSON";
            throw QodexException.invalid("(file)", "The file cannot be read: " + problem + position + ".");
        } catch (IOException e) {
            throw QodexException.invalid("(file)", "The file cannot be read: " + e.getMessage());
        }
    }
}
