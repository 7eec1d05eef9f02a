package io.qodex.app.environments;

import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableMap;

/**
 * The General tab's fields (URLs, appearance, constraints) as properties the form binds to. Filling them from a
 * loaded draft changes nothing; every edit after that goes into the draft.
 */
public final class EnvironmentFormModel {

    private final Consumer<UnaryOperator<EnvironmentDraft>> edits;
    private final ObservableMap<String, String> problems;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty baseUrl = new SimpleStringProperty("");
    private final StringProperty apiBaseUrl = new SimpleStringProperty("");
    private final StringProperty color = new SimpleStringProperty("");
    private final StringProperty label = new SimpleStringProperty("");
    private final StringProperty maxRequestsPerSecond = new SimpleStringProperty("");
    private final BooleanProperty productionLike = new SimpleBooleanProperty();
    private final ObjectProperty<EnvironmentPreset> preset = new SimpleObjectProperty<>(EnvironmentPreset.CUSTOM);
    private final BooleanProperty readOnly = new SimpleBooleanProperty();
    private final BooleanProperty allowDestructiveTests = new SimpleBooleanProperty();
    private final BooleanProperty allowSecurityTesting = new SimpleBooleanProperty();
    private boolean filling;

    EnvironmentFormModel(Consumer<UnaryOperator<EnvironmentDraft>> edits, ObservableMap<String, String> problems) {
        this.edits = edits;
        this.problems = problems;
        push(name, text -> d -> d.withName(text));
        push(baseUrl, text -> d -> d.withUrls(text, d.apiBaseUrl()));
        push(apiBaseUrl, text -> d -> d.withUrls(d.baseUrl(), text));
        push(color, text -> d -> d.withAppearance(text, d.label(), d.productionLike()));
        push(label, text -> d -> d.withAppearance(d.color(), text, d.productionLike()));
        push(productionLike, on -> d -> d.withAppearance(d.color(), d.label(), on));
        push(readOnly, on -> d -> d.withConstraints(on, d.maxRequestsPerSecond(), d.allowDestructiveTests(),
                d.allowSecurityTesting()));
        push(maxRequestsPerSecond, text -> d -> d.withConstraints(d.readOnly(), rate(text), d.allowDestructiveTests(),
                d.allowSecurityTesting()));
        push(allowDestructiveTests, on -> d -> d.withConstraints(d.readOnly(), d.maxRequestsPerSecond(), on,
                d.allowSecurityTesting()));
        push(allowSecurityTesting, on -> d -> d.withConstraints(d.readOnly(), d.maxRequestsPerSecond(),
                d.allowDestructiveTests(), on));
    }

    /** The rate as typed: a number, or -1 (which the draft checker reports as out of range). */
    static int rate(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private <T> void push(Property<T> property, Function<T, UnaryOperator<EnvironmentDraft>> change) {
        property.addListener((obs, old, now) -> {
            if (!filling) {
                edits.accept(change.apply(now));
            }
        });
    }

    /** Shows a draft's values without editing it. */
    void fill(EnvironmentDraft draft) {
        filling = true;
        try {
            preset.set(draft.preset());
            name.set(draft.name());
            baseUrl.set(draft.baseUrl());
            apiBaseUrl.set(draft.apiBaseUrl());
            color.set(draft.color());
            label.set(draft.label());
            maxRequestsPerSecond.set(Integer.toString(draft.maxRequestsPerSecond()));
            productionLike.set(draft.productionLike());
            readOnly.set(draft.readOnly());
            allowDestructiveTests.set(draft.allowDestructiveTests());
            allowSecurityTesting.set(draft.allowSecurityTesting());
        } finally {
            filling = false;
        }
    }

    /** The message for one of the draft's fields ({@code baseUrl}, {@code maxRequestsPerSecond} …), or "". */
    public StringBinding problem(String field) {
        return Bindings.createStringBinding(() -> problems.getOrDefault(field, ""), problems);
    }

    /** The preset the environment was made from: its kind, for fitting placeholders (read-only here). */
    public ReadOnlyObjectProperty<EnvironmentPreset> preset() {
        return preset;
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty baseUrl() {
        return baseUrl;
    }

    public StringProperty apiBaseUrl() {
        return apiBaseUrl;
    }

    public StringProperty color() {
        return color;
    }

    public StringProperty label() {
        return label;
    }

    public StringProperty maxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public BooleanProperty productionLike() {
        return productionLike;
    }

    public BooleanProperty readOnly() {
        return readOnly;
    }

    public BooleanProperty allowDestructiveTests() {
        return allowDestructiveTests;
    }

    public BooleanProperty allowSecurityTesting() {
        return allowSecurityTesting;
    }
}
