package io.qodex.domain.environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What changed between two versions of an environment, in words (for the conflict message). No secret values. */
public final class EnvironmentDiff {

    private static final int SHOWN = 60;

    private EnvironmentDiff() {
    }

    public static List<String> between(Environment before, Environment after) {
        List<String> changes = new ArrayList<>();
        field(changes, "name", before.name().value(), after.name().value());
        field(changes, "base URL", before.baseUrl().value(), after.baseUrl().value());
        field(changes, "API base URL", before.apiBaseUrl().map(HttpUrl::value).orElse("(none)"),
                after.apiBaseUrl().map(HttpUrl::value).orElse("(none)"));
        field(changes, "preset", before.preset().label(), after.preset().label());
        field(changes, "colour", before.appearance().color().orElse("(none)"),
                after.appearance().color().orElse("(none)"));
        field(changes, "label", before.appearance().label().orElse("(none)"),
                after.appearance().label().orElse("(none)"));
        field(changes, "production-like", yesNo(before.appearance().productionLike()),
                yesNo(after.appearance().productionLike()));
        field(changes, "constraints", before.constraints().describe(), after.constraints().describe());
        variables(changes, before.variables(), after.variables());
        profiles(changes, before.profiles(), after.profiles());
        return changes;
    }

    private static void variables(List<String> changes, List<Variable> before, List<Variable> after) {
        Map<String, Variable> old = new LinkedHashMap<>();
        before.forEach(v -> old.put(v.name().value(), v));
        for (Variable now : after) {
            Variable was = old.remove(now.name().value());
            String name = "variable " + now.name();
            if (was == null) {
                changes.add(name + " added");
            } else if (was.secret() != now.secret()) {
                changes.add(name + (now.secret() ? " made secret" : " made plain"));
            } else if (now.secret() && !Objects.equals(was.sealedValue(), now.sealedValue())) {
                changes.add(name + " (secret) changed");
            } else if (!now.secret() && !Objects.equals(was.plainValue(), now.plainValue())) {
                changes.add(name + ": " + shown(was.plainValue().orElse("")) + " → "
                        + shown(now.plainValue().orElse("")));
            }
        }
        old.keySet().forEach(name -> changes.add("variable " + name + " removed"));
    }

    private static void profiles(List<String> changes, List<AuthProfile> before, List<AuthProfile> after) {
        Map<String, AuthProfile> old = new LinkedHashMap<>();
        before.forEach(p -> old.put(p.name().value(), p));
        for (AuthProfile now : after) {
            AuthProfile was = old.remove(now.name().value());
            String name = "auth profile " + now.name();
            if (was == null) {
                changes.add(name + " added");
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (!was.email().equals(now.email())) {
                parts.add("email");
            }
            if (!was.password().equals(now.password())) {
                parts.add("password");
            }
            if (!was.staticToken().equals(now.staticToken())) {
                parts.add("static token");
            }
            if (!was.apiLogin().equals(now.apiLogin())) {
                parts.add("HTTP login");
            }
            if (was.uiLoginRecorded() != now.uiLoginRecorded()) {
                parts.add("UI login");
            }
            if (!parts.isEmpty()) {
                changes.add(name + ": " + String.join(", ", parts) + " changed");
            }
        }
        old.keySet().forEach(name -> changes.add("auth profile " + name + " removed"));
    }

    private static void field(List<String> changes, String label, String before, String after) {
        if (!before.equals(after)) {
            changes.add(label + ": " + shown(before) + " → " + shown(after));
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String shown(String value) {
        String oneLine = value.replaceAll("\\s+", " ");
        return oneLine.length() > SHOWN ? oneLine.substring(0, SHOWN - 1) + "…" : oneLine;
    }
}
