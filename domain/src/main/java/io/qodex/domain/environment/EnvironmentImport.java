package io.qodex.domain.environment;

import io.qodex.domain.common.TreeReader;
import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads an exported environment (format {@value EnvironmentExport#FORMAT}) from a parsed JSON tree into a new
 * draft. Strict: unknown fields, wrong types, over-long text and more than {@value DraftChecker#MAX_VARIABLES}
 * variables are problems, each with its field. Secret values may be given (hand-written files); secrets marked
 * {@code omitted} are created without a value, to be set in the editor.
 */
public final class EnvironmentImport {

    private static final Set<String> ROOT = Set.of("format", "name", "preset", "baseUrl", "apiBaseUrl", "color",
            "label", "productionLike", "readOnly", "maxRequestsPerSecond", "allowDestructiveTests",
            "allowSecurityTesting", "variables", "authProfiles");
    private static final Set<String> VARIABLE = Set.of("name", "value", "secret", "omitted");
    private static final Set<String> PROFILE = Set.of("name", "email", "password", "passwordOmitted", "staticToken",
            "staticTokenOmitted", "apiLogin");
    private static final Set<String> LOGIN = Set.of("method", "url", "headers", "body", "tokenPath");
    private static final Set<String> HEADER = Set.of("name", "value");

    /** A draft read as far as possible, and what was wrong with the file. */
    public sealed interface Result {
        /** Read without problems (the draft is still checked like any other before saving). */
        record Parsed(EnvironmentDraft draft) implements Result {
        }

        /** The file has problems; {@code bestEffort} holds what could be read, for checking the rest too. */
        record Refused(List<FieldProblem> problems, Optional<EnvironmentDraft> bestEffort) implements Result {
            public Refused {
                problems = List.copyOf(problems);
            }
        }
    }

    private EnvironmentImport() {
    }

    public static Result parse(Object tree) {
        TreeReader reader = new TreeReader();
        Optional<Map<?, ?>> root = reader.object("", tree, ROOT);
        if (root.isEmpty()) {
            return new Result.Refused(reader.problems(), Optional.empty());
        }
        Map<?, ?> map = root.get();
        Optional<String> format = reader.string(map, "", "format", true);
        if (format.isPresent() && !format.get().equals(EnvironmentExport.FORMAT)) {
            reader.report("format", "This is not a Qodex environment export (expected " + EnvironmentExport.FORMAT
                    + ").");
        }
        EnvironmentPreset preset = EnvironmentPreset.CUSTOM;
        Optional<String> presetCode = reader.string(map, "", "preset", false);
        if (presetCode.isPresent()) {
            try {
                preset = EnvironmentPreset.parse(presetCode.get());
            } catch (QodexException e) {
                reader.report("preset", e.getMessage());
            }
        }
        Constraints c = preset.constraints();
        Appearance a = preset.appearance();
        EnvironmentDraft draft = new EnvironmentDraft(Optional.empty(),
                reader.string(map, "", "name", true).orElse(""),
                reader.string(map, "", "baseUrl", true).orElse(""),
                reader.string(map, "", "apiBaseUrl", false).orElse(""), preset,
                reader.string(map, "", "color", false).orElse(map.containsKey("color") ? "" : a.color().orElse("")),
                reader.string(map, "", "label", false).orElse(map.containsKey("label") ? "" : a.label().orElse("")),
                reader.bool(map, "", "productionLike").orElse(a.productionLike()),
                reader.bool(map, "", "readOnly").orElse(c.readOnly()),
                reader.integer(map, "", "maxRequestsPerSecond", Constraints.MIN_RPS, Constraints.MAX_RPS)
                        .orElse(c.maxRequestsPerSecond()),
                reader.bool(map, "", "allowDestructiveTests").orElse(c.allowDestructiveTests()),
                reader.bool(map, "", "allowSecurityTesting").orElse(c.allowSecurityTesting()),
                variables(reader, map), profiles(reader, map));
        List<FieldProblem> problems = reader.problems();
        if (!problems.isEmpty()) {
            return new Result.Refused(problems, Optional.of(draft));
        }
        return new Result.Parsed(draft);
    }

    private static List<VariableDraft> variables(TreeReader reader, Map<?, ?> root) {
        List<VariableDraft> drafts = new ArrayList<>();
        List<?> list = reader.list(root, "", "variables", DraftChecker.MAX_VARIABLES).orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            String field = "variables[" + i + "]";
            Optional<Map<?, ?>> node = reader.object(field, list.get(i), VARIABLE);
            if (node.isEmpty()) {
                continue;
            }
            Map<?, ?> map = node.get();
            String name = reader.string(map, field, "name", true).orElse("");
            boolean secret = reader.bool(map, field, "secret").orElse(false);
            boolean omitted = reader.bool(map, field, "omitted").orElse(false);
            Optional<String> value = reader.string(map, field, "value", false);
            if (omitted && map.get("value") != null) {
                reader.report(field + ".value", "A value marked omitted cannot also be given.");
            }
            if (omitted && !secret) {
                reader.report(field + ".omitted", "Only secret variables are left out of an export.");
            }
            if (!secret) {
                drafts.add(VariableDraft.plain(name, value.orElse("")));
            } else {
                drafts.add(new VariableDraft(OptionalLong.empty(), name, true, "",
                        value.isPresent() ? SecretInput.replace(Secret.copyOf(value.get())) : SecretInput.KEEP));
            }
        }
        return drafts;
    }

    private static List<ProfileDraft> profiles(TreeReader reader, Map<?, ?> root) {
        List<ProfileDraft> drafts = new ArrayList<>();
        List<?> list = reader.list(root, "", "authProfiles", DraftChecker.MAX_PROFILES).orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            String field = "authProfiles[" + i + "]";
            Optional<Map<?, ?>> node = reader.object(field, list.get(i), PROFILE);
            if (node.isEmpty()) {
                continue;
            }
            Map<?, ?> map = node.get();
            SecretInput password = secret(reader, map, field, "password");
            SecretInput staticToken = secret(reader, map, field, "staticToken");
            Optional<ApiLoginDraft> login = Optional.empty();
            if (map.get("apiLogin") != null) {
                login = reader.object(field + ".apiLogin", map.get("apiLogin"), LOGIN)
                        .map(l -> login(reader, l, field + ".apiLogin"));
            }
            drafts.add(new ProfileDraft(OptionalLong.empty(), reader.string(map, field, "name", true).orElse(""),
                    reader.string(map, field, "email", false).orElse(""), password, staticToken, login));
        }
        return drafts;
    }

    private static SecretInput secret(TreeReader reader, Map<?, ?> map, String field, String key) {
        Optional<String> value = reader.string(map, field, key, false);
        boolean omitted = reader.bool(map, field, key + "Omitted").orElse(false);
        if (omitted && value.isPresent()) {
            reader.report(field + "." + key, "A value marked omitted cannot also be given.");
        }
        return value.filter(v -> !v.isEmpty()).<SecretInput>map(v -> SecretInput.replace(Secret.copyOf(v)))
                .orElse(SecretInput.KEEP);
    }

    private static ApiLoginDraft login(TreeReader reader, Map<?, ?> map, String field) {
        List<LoginHeader> headers = new ArrayList<>();
        List<?> list = reader.list(map, field, "headers", ApiLoginConfig.MAX_HEADERS).orElse(List.of());
        for (int h = 0; h < list.size(); h++) {
            String headerField = field + ".headers[" + h + "]";
            reader.object(headerField, list.get(h), HEADER).ifPresent(header -> headers.add(new LoginHeader(
                    reader.string(header, headerField, "name", true).orElse(""),
                    reader.string(header, headerField, "value", true).orElse(""))));
        }
        if (!map.containsKey("headers")) {
            headers.add(LoginHeader.contentTypeJson());
        }
        return new ApiLoginDraft(reader.string(map, field, "method", false).orElse("POST"),
                reader.string(map, field, "url", true).orElse(""), headers,
                reader.string(map, field, "body", false).orElse(""),
                reader.string(map, field, "tokenPath", true).orElse(""));
    }
}
