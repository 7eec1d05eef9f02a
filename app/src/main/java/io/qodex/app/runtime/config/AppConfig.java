package io.qodex.app.runtime.config;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The installation's settings ({@code config.properties} in QODEX_HOME, overridden by environment variables):
 * the database choice, the theme, the mail settings for the relay, the browser path.
 */
public final class AppConfig {

    private final QodexHome home;
    private final Map<String, String> environment;
    private final Properties properties;

    private AppConfig(QodexHome home, Map<String, String> environment, Properties properties) {
        this.home = home;
        this.environment = environment;
        this.properties = properties;
    }

    public static AppConfig load(QodexHome home, Map<String, String> environment) {
        return new AppConfig(home, environment, PropertiesFile.load(home.configFile()));
    }

    public QodexHome home() {
        return home;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public DatabaseChoice database() {
        Optional<String> url = value("QODEX_DB_URL", "db.url");
        if (url.isEmpty()) {
            return new DatabaseChoice.Embedded();
        }
        return new DatabaseChoice.Shared(url.get(), value("QODEX_SIGNUP_USER", "db.signup-user"),
                value("QODEX_SIGNUP_PASSWORD", "db.signup-password").orElse(""),
                value("QODEX_MAILER_PASSWORD", "db.mailer-password"));
    }

    /** How the connection to a shared server is protected: QODEX_DB_TLS / db.tls and QODEX_DB_CA / db.ca-file. */
    public DatabaseTls databaseTls() {
        Optional<String> mode = value("QODEX_DB_TLS", "db.tls");
        String fromEnvironment = environment.get("QODEX_DB_TLS");
        String source = fromEnvironment != null && !fromEnvironment.isBlank()
                ? "QODEX_DB_TLS=" + fromEnvironment.strip()
                : "db.tls=" + mode.map(String::strip).orElse("") + " in " + home.configFile();
        return DatabaseTls.parse(mode, value("QODEX_DB_CA", "db.ca-file"), source);
    }

    /**
     * True once the user went through the first-run choice, set QODEX_DB_URL, or already has an embedded database in
     * this home (the CLI set it up): then the window opens on sign-in instead of asking where the data should live.
     */
    public boolean databaseChosen() {
        return environment.containsKey("QODEX_DB_URL") || properties.containsKey("db.mode")
                || java.nio.file.Files.isRegularFile(io.qodex.persistence.server.EmbeddedServer.forHome(home.path())
                        .dataDirectory().resolve("PG_VERSION"));
    }

    public synchronized void chooseDatabase(DatabaseChoice choice) {
        if (choice instanceof DatabaseChoice.Shared shared) {
            properties.setProperty("db.mode", "shared");
            properties.setProperty("db.url", shared.jdbcUrl());
            properties.setProperty("db.signup-password", shared.signupPassword());
            shared.signupRole().ifPresentOrElse(role -> properties.setProperty("db.signup-user", role),
                    () -> properties.remove("db.signup-user"));
        } else {
            properties.setProperty("db.mode", "embedded");
            properties.remove("db.url");
            properties.remove("db.signup-password");
            properties.remove("db.signup-user");
        }
        save();
    }

    public Optional<String> value(String environmentVariable, String property) {
        String fromEnvironment = environment.get(environmentVariable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        return Optional.ofNullable(properties.getProperty(property)).filter(v -> !v.isBlank());
    }

    public synchronized void set(String property, String value) {
        properties.setProperty(property, value);
        save();
    }

    private void save() {
        PropertiesFile.store(home.configFile(), properties, "Qodex Operator settings");
    }

    public String theme() {
        return value("QODEX_THEME", "ui.theme").orElse("light");
    }

    public Optional<String> browserPath() {
        return value("QODEX_BROWSER", "browser.path");
    }

    public String openAiBaseUrl() {
        return value("QODEX_OPENAI_BASE_URL", "openai.base-url").orElse("https://api.openai.com/v1");
    }
}
