package io.qodex.app.runtime.config;

import java.util.Optional;
import java.util.Properties;

/**
 * What the CLI and the desktop app share between runs: the current project (set by {@code qodex projects use}) and
 * the last route, so the app opens where the user left it.
 */
public final class AppState {

    private final QodexHome home;

    public AppState(QodexHome home) {
        this.home = home;
    }

    public Optional<String> currentProject() {
        return get("project.current");
    }

    public void useProject(String slug) {
        set("project.current", slug);
    }

    public Optional<String> lastRoute() {
        return get("route.last");
    }

    public void rememberRoute(String route) {
        set("route.last", route);
    }

    public Optional<String> lastEmail() {
        return get("account.last-email");
    }

    public void rememberEmail(String email) {
        set("account.last-email", email);
    }

    /** Whether the window's sidebar was collapsed (Ctrl+B) when last used. */
    public boolean sidebarCollapsed() {
        return get("ui.sidebar-collapsed").map(Boolean::parseBoolean).orElse(false);
    }

    public void rememberSidebarCollapsed(boolean collapsed) {
        set("ui.sidebar-collapsed", Boolean.toString(collapsed));
    }

    private Optional<String> get(String key) {
        return Optional.ofNullable(PropertiesFile.load(home.stateFile()).getProperty(key)).filter(v -> !v.isBlank());
    }

    private synchronized void set(String key, String value) {
        Properties properties = PropertiesFile.load(home.stateFile());
        properties.setProperty(key, value);
        PropertiesFile.store(home.stateFile(), properties, "Qodex Operator state shared by the CLI and the app");
    }
}
