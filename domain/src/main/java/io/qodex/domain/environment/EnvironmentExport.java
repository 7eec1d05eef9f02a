package io.qodex.domain.environment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment as a JSON-ready tree (format {@value #FORMAT}): secrets are left out and marked as such
 * ({@code "omitted": true}, {@code "passwordOmitted": true} …); everything else round-trips through
 * {@link EnvironmentImport}.
 */
public final class EnvironmentExport {

    public static final String FORMAT = "qodex.environment.v1";

    private EnvironmentExport() {
    }

    public static Map<String, Object> toTree(Environment environment) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("name", environment.name().value());
        root.put("preset", environment.preset().code());
        root.put("baseUrl", environment.baseUrl().value());
        environment.apiBaseUrl().ifPresent(url -> root.put("apiBaseUrl", url.value()));
        environment.appearance().color().ifPresent(color -> root.put("color", color));
        environment.appearance().label().ifPresent(label -> root.put("label", label));
        root.put("productionLike", environment.appearance().productionLike());
        Constraints constraints = environment.constraints();
        root.put("readOnly", constraints.readOnly());
        root.put("maxRequestsPerSecond", constraints.maxRequestsPerSecond());
        root.put("allowDestructiveTests", constraints.allowDestructiveTests());
        root.put("allowSecurityTesting", constraints.allowSecurityTesting());
        List<Object> variables = new ArrayList<>();
        for (Variable variable : environment.variables()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", variable.name().value());
            if (variable.secret()) {
                node.put("secret", true);
                if (variable.sealedValue().isPresent()) {
                    node.put("omitted", true);
                }
            } else {
                node.put("value", variable.plainValue().orElse(""));
            }
            variables.add(node);
        }
        root.put("variables", variables);
        List<Object> profiles = new ArrayList<>();
        for (AuthProfile profile : environment.profiles()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", profile.name().value());
            profile.email().ifPresent(email -> node.put("email", email));
            if (profile.password().isPresent()) {
                node.put("passwordOmitted", true);
            }
            if (profile.staticToken().isPresent()) {
                node.put("staticTokenOmitted", true);
            }
            profile.apiLogin().ifPresent(login -> node.put("apiLogin", login(login)));
            profiles.add(node);
        }
        root.put("authProfiles", profiles);
        return root;
    }

    private static Map<String, Object> login(ApiLoginConfig login) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("method", login.method().name());
        node.put("url", login.url());
        List<Object> headers = new ArrayList<>();
        for (LoginHeader header : login.headers()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", header.name());
            h.put("value", header.value());
            headers.add(h);
        }
        node.put("headers", headers);
        node.put("body", login.body());
        node.put("tokenPath", login.tokenPath());
        return node;
    }
}
