package io.qodex.app.shell;

import java.util.Optional;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The project-scoped sections: {@code /p/{slug}/{code}}. */
public enum Section {
    ENVIRONMENTS("environments", "Environments", Feather.GLOBE),
    LOGINS("logins", "Logins", Feather.LOG_IN),
    SCENARIOS("scenarios", "Scenarios", Feather.PLAY_CIRCLE),
    FINDINGS("findings", "Findings", Feather.FLAG),
    ASSISTANT("assistant", "Assistant", Feather.MESSAGE_SQUARE),
    MEMORY("memory", "Memory", Feather.BOOK_OPEN),
    SPEND("spend", "Spend", Feather.BAR_CHART_2),
    MEMBERS("members", "Members", Feather.USERS),
    API_KEYS("api-keys", "API keys", Feather.TERMINAL),
    BYOK("byok", "LLM key (BYOK)", Feather.KEY),
    SETTINGS("settings", "Project settings", Feather.SETTINGS);

    private final String code;
    private final String label;
    private final Ikon icon;

    Section(String code, String label, Ikon icon) {
        this.code = code;
        this.label = label;
        this.icon = icon;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public Ikon icon() {
        return icon;
    }

    public static Optional<Section> ofCode(String code) {
        for (Section section : values()) {
            if (section.code.equals(code)) {
                return Optional.of(section);
            }
        }
        return Optional.empty();
    }
}
