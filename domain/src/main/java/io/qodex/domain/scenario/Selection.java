package io.qodex.domain.scenario;

import java.util.List;
import java.util.Optional;

/** Which scenarios: by name, by tag, by collection, or (nothing given) all of the project's. */
public record Selection(List<String> names, Optional<String> tag, Optional<String> collection) {

    public static final Selection ALL = new Selection(List.of(), Optional.empty(), Optional.empty());

    public Selection {
        names = List.copyOf(names);
    }

    public static Selection names(List<String> names) {
        return new Selection(names, Optional.empty(), Optional.empty());
    }

    public static Selection tag(String tag) {
        return new Selection(List.of(), Optional.of(tag), Optional.empty());
    }

    public static Selection collection(String collection) {
        return new Selection(List.of(), Optional.empty(), Optional.of(collection));
    }

    boolean matches(ScenarioSpec scenario) {
        return (names.isEmpty() || names.contains(scenario.name()))
                && tag.map(scenario.tags()::contains).orElse(true)
                && collection.map(c -> scenario.collection().filter(c::equals).isPresent()).orElse(true);
    }

    String describe() {
        if (!names.isEmpty()) {
            return String.join(", ", names);
        }
        return tag.map(t -> "tag " + t).or(() -> collection.map(c -> "collection " + c)).orElse("all scenarios");
    }
}
