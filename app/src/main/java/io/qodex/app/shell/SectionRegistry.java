package io.qodex.app.shell;

import io.qodex.app.common.SectionView;
import io.qodex.app.common.SectionContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The sections this build offers, each with the factory of its view. Only registered sections are shown. */
public final class SectionRegistry {

    private final Map<Section, Function<SectionContext, SectionView>> factories = new EnumMap<>(Section.class);

    public SectionRegistry register(Section section, Function<SectionContext, SectionView> factory) {
        factories.put(section, factory);
        return this;
    }

    public List<Section> sections() {
        List<Section> available = new ArrayList<>();
        for (Section section : Section.values()) {
            if (factories.containsKey(section)) {
                available.add(section);
            }
        }
        return available;
    }

    public Optional<Function<SectionContext, SectionView>> factory(Section section) {
        return Optional.ofNullable(factories.get(section));
    }

    public Section defaultSection() {
        return sections().get(0);
    }
}
