package io.qodex.app.adapters.browser;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.login.LoginVariables;
import io.qodex.domain.login.StepTemplates;
import java.util.Map;
import java.util.regex.Matcher;

/** Test resolver: {@code ${name}} from a map; an unknown name is an error naming it (as the real resolver's). */
record MapVariables(Map<String, String> values) implements LoginVariables {

    static MapVariables forSite(String baseUrl, String email, String password) {
        return new MapVariables(Map.of("baseUrl", baseUrl, "authEmail", email, "authPassword", password));
    }

    @Override
    public String resolve(String template) {
        Matcher matcher = StepTemplates.VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw QodexException.invalid("Unknown variable ${" + matcher.group(1) + "}.");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return "MapVariables" + values.keySet();
    }
}
