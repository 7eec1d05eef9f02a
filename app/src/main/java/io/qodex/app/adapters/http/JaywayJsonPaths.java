package io.qodex.app.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.qodex.domain.scenario.JsonPaths;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * JSONPath over response bodies with the json-path library on plain trees parsed by Jackson (numbers as Integer,
 * Long, BigInteger or Double, which the library's filters understand; expectations compare them by value). An
 * indefinite path ({@code $..id}, a filter) that matches nothing is
 * missing, like a definite one.
 */
public final class JaywayJsonPaths implements JsonPaths {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();

    @Override
    public Optional<String> problem(String path) {
        try {
            JsonPath.compile(path);
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("The JSONPath does not compile: " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("The JSONPath does not compile.");
        }
    }

    @Override
    public Optional<Document> parse(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        Object tree;
        try {
            tree = MAPPER.readValue(body, Object.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        DocumentContext context = JsonPath.using(CONFIGURATION).parse(tree);
        return Optional.of(path -> read(context, path));
    }

    private final java.util.Map<String, JsonPath> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    /** A path compiled once per run's worth of steps (at most 1,000 kept). */
    private Optional<JsonPath> compiled(String path) {
        JsonPath known = compiled.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            JsonPath fresh = JsonPath.compile(path);
            if (compiled.size() >= 1000) {
                compiled.clear();
            }
            compiled.put(path, fresh);
            return Optional.of(fresh);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Found> read(DocumentContext context, String path) {
        Optional<JsonPath> found = compiled(path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonPath jsonPath = found.get();
        try {
            Object value = context.read(jsonPath);
            if (!jsonPath.isDefinite() && value instanceof List<?> list && list.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Found(value));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) { // a path that cannot apply to this document (an index into an object…)
            return Optional.empty();
        }
    }
}
