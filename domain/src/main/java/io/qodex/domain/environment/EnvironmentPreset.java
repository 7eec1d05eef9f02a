package io.qodex.domain.environment;

import io.qodex.domain.common.QodexException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The presets an environment is created from, with the recommended constraints (F6, decision 0004). CUSTOM is what
 * an environment becomes when it was not made from a preset (an import without one).
 */
public enum EnvironmentPreset {
    PRODUCTION("production", "Production", new Constraints(true, 5, false, false),
            new Appearance(Optional.of("#d64545"), Optional.of("PROD"), true)),
    STAGING("staging", "Staging mirror", new Constraints(false, 10, false, false),
            new Appearance(Optional.of("#e08a1e"), Optional.of("STAGING"), true)),
    QA("qa", "QA staging", new Constraints(false, 20, true, true),
            new Appearance(Optional.of("#2f80ed"), Optional.of("QA"), false)),
    LOCAL("local", "Local", new Constraints(false, 50, true, true),
            new Appearance(Optional.of("#27ae60"), Optional.of("LOCAL"), false)),
    PREVIEW("preview", "Preview", new Constraints(false, 20, false, false),
            new Appearance(Optional.of("#8e44ad"), Optional.of("PREVIEW"), false)),
    CUSTOM("custom", "Custom", new Constraints(false, 10, false, false),
            new Appearance(Optional.empty(), Optional.empty(), false));

    private final String code;
    private final String label;
    private final Constraints constraints;
    private final Appearance appearance;

    EnvironmentPreset(String code, String label, Constraints constraints, Appearance appearance) {
        this.code = code;
        this.label = label;
        this.constraints = constraints;
        this.appearance = appearance;
    }

    /** The value stored in {@code environments.preset} and used on the command line. */
    public String code() {
        return code;
    }

    /** What the editor shows, e.g. "Staging mirror". */
    public String label() {
        return label;
    }

    public Constraints constraints() {
        return constraints;
    }

    public Appearance appearance() {
        return appearance;
    }

    public static EnvironmentPreset parse(String raw) {
        String code = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        for (EnvironmentPreset preset : values()) {
            if (preset.code.equals(code)) {
                return preset;
            }
        }
        throw QodexException.invalid("preset", "The preset must be one of " + codes() + ".");
    }

    /** "production, staging, qa, local, preview, custom" */
    public static String codes() {
        return Arrays.stream(values()).map(EnvironmentPreset::code).collect(Collectors.joining(", "));
    }
}
