package io.qodex.app.adapters.files;

/**
 * Scenario files ({@code qodex.scenarios.v1}): at most 20 MB, read as strictly as environment files; the domain then
 * refuses anything beyond its own limits (1,000 scenarios, 100 steps each) before anything is stored.
 */
public final class ScenarioJson {

    public static final JsonTreeFile FILE = new JsonTreeFile("a scenario file", 20_000_000);

    private ScenarioJson() {
    }
}
