package io.qodex.domain.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A scenario as written (in the editor or a file): what it is, what it does ({@code destructive}: changes or deletes
 * data; {@code security}: probes for weaknesses), the auth profile whose token goes in {@code Authorization: Bearer},
 * and its ordered steps.
 */
public record ScenarioSpec(String name, String description, List<String> tags, Optional<String> collection,
                           boolean destructive, boolean security, Optional<String> profile, List<ScenarioStep> steps) {

    public ScenarioSpec {
        name = name.strip();
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
        collection = collection.map(String::strip).filter(c -> !c.isEmpty());
        profile = profile.map(String::strip).filter(p -> !p.isEmpty());
    }

    /** Whether the scenario changes or deletes data: it says so, or it has a DELETE step. */
    public boolean destroys() {
        return destructive || steps.stream().anyMatch(s -> s.request().method().equals("DELETE"));
    }

    public ScenarioSpec renamed(String newName) {
        return new ScenarioSpec(newName, description, tags, collection, destructive, security, profile, steps);
    }
}
