package io.qodex.app.shell;

import io.qodex.app.account.AccountView;
import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import io.qodex.app.common.Theme;
import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.runtime.config.AppState;
import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.app.runtime.config.QodexHome;
import io.qodex.app.firstrun.FirstRunView;
import io.qodex.app.firstrun.FirstRunViewModel;
import io.qodex.app.projects.CreateProjectDialog;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.live.ChangeFeed;
import io.qodex.domain.live.FeedState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop application: first run → starting the database → sign-in → the main window. Everything slow runs
 * off the FX thread; the embedded database stops when the window closes.
 */
public final class DesktopApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(DesktopApp.class);

    /** Environment and arguments for tests, which start the app in-process; real runs use System.getenv(). */
    static volatile @Nullable Map<String, String> environmentOverride;

    private final StackPane root = new StackPane();
    private AppConfig config;
    private AppState state;
    private Theme theme;
    private @Nullable Backend backend;
    private @Nullable Workspace workspace;
    private final List<ChangeFeed.Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private @Nullable MainView mainView;
    private @Nullable String initialRoute;
    private Stage stage;
    private Optional<StartupReport> startupReport = Optional.empty();
    private final ScheduledExecutorService relay = Executors.newSingleThreadScheduledExecutor(Background.named("qodex-mail"));

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        Map<String, String> environment = environmentOverride != null ? environmentOverride : System.getenv();
        QodexHome home = QodexHome.resolve(environment).ensureExists();
        config = AppConfig.load(home, environment);
        state = new AppState(home);
        theme = Theme.parse(config.theme());
        theme.apply();
        List<String> arguments = getParameters().getRaw();
        int open = arguments.indexOf("--open");
        if (open >= 0 && open + 1 < arguments.size()) {
            initialRoute = arguments.get(open + 1);
        }
        Scene scene = new Scene(root, 1280, 800);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setTitle("Qodex Operator");
        stage.setMinWidth(960);
        stage.setMinHeight(620);
        // Ctrl+Q (Cmd+Q) quits like closing the window: a page with unsaved changes asks first
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.Q,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), () -> stage.fireEvent(
                new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        stage.setOnCloseRequest(event -> {
            event.consume();
            MainView view = mainView;
            if (view == null || view.mayLeave(this::shutdown)) { // a page with unsaved changes asks first
                shutdown();
            }
        });
        stage.show();
        startupReport = StartupReport.of(environment);
        startupReport.ifPresent(report -> report.windowShown(scene));
        if (config.databaseChosen()) {
            openBackend();
        } else {
            showFirstRun(true);
        }
    }

    private void show(Parent screen) {
        root.getChildren().setAll(screen);
    }

    private void showFirstRun(boolean firstRun) {
        show(new FirstRunView(new FirstRunViewModel(config.database(), config::databaseTls), choice -> {
            Tasks.run(() -> config.chooseDatabase(choice)).onSuccess(done -> openBackend()).start();
        }, firstRun));
    }

    private void openBackend() {
        StartupView startup = new StartupView();
        show(startup);
        Tasks.run(() -> Backend.open(config, step -> Platform.runLater(() -> startup.step(step))))
                .onSuccess(opened -> {
                    backend = opened;
                    if (opened.embedded()) {
                        relay.scheduleWithFixedDelay(opened::relayMail, 3, 3, TimeUnit.SECONDS);
                    }
                    Tasks.run(opened::warmUp).start();
                    showSignIn();
                })
                .onError(problem -> startup.failed("The database could not be opened: " + problem.getMessage(),
                        this::openBackend, () -> showFirstRun(false)))
                .start();
    }

    private void showSignIn() {
        Backend current = backend;
        if (current == null) {
            return;
        }
        show(new AccountView(current, state.lastEmail().orElse(""), this::signedIn, config.home().outbox(),
                getHostServices()::showDocument));
        startupReport.ifPresent(report -> report.signInShown(stage.getScene(), () -> stage.fireEvent(
                new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST))));
    }

    private void signedIn(Workspace signedIn) {
        workspace = signedIn;
        Tasks.run(() -> state.rememberEmail(signedIn.account().email().value())).start();
        SectionRegistry registry = Sections.standard();
        MainViewModel model = new MainViewModel(signedIn, state, registry, signedIn.backend().describe());
        model.themeProperty().set(theme);
        MainView view = new MainView(model, () -> CreateProjectDialog.show(root, signedIn, model),
                this::toggleTheme, this::openSettings, this::signOut);
        mainView = view;
        show(view);
        startLiveRefresh(signedIn, view);
        model.load(Optional.ofNullable(initialRoute));
        initialRoute = null;
        stage.setTitle("Qodex Operator — " + signedIn.account().email());
    }

    private void startLiveRefresh(Workspace signedIn, MainView view) {
        ChangeFeed changes = signedIn.user().session().changes();
        MainViewModel model = view.model();
        subscriptions.add(changes.subscribe(change -> Platform.runLater(() -> {
            if (change.isResync()) {
                model.bannerProperty().set("");
                view.refreshAll();
                return;
            }
            view.changed(change);
            if (change.table().equals("project_members") || change.table().equals("project_invitations")) {
                Tasks.run(signedIn::completePendingKeyWork).start();
            }
        })));
        subscriptions.add(changes.watch(state -> Platform.runLater(() -> {
            model.feedStateProperty().set(state);
            if (state instanceof FeedState.Reconnecting reconnecting) {
                model.bannerProperty().set("Lost the connection to the database (" + reconnecting.reason()
                        + "). Reconnecting; your unsaved input is kept.");
            }
        })));
    }

    private void toggleTheme() {
        useTheme(theme.other());
        Theme chosen = theme;
        Tasks.run(() -> config.set("ui.theme", chosen.code())).start();
    }

    private void openSettings() {
        AppSettingsDialog.show(root, config, theme, this::useTheme);
    }

    private void useTheme(Theme chosen) {
        theme = chosen;
        theme.apply();
        MainView view = mainView;
        if (view != null) {
            view.model().themeProperty().set(chosen);
        }
    }

    private void signOut() {
        MainView view = mainView;
        if (view != null && !view.mayLeave(this::signOut)) {
            return; // the page with unsaved changes stays (or signs out once they are saved)
        }
        stopSession();
        showSignIn();
        stage.setTitle("Qodex Operator");
    }

    private void stopSession() {
        Workspace signedOut = workspace;
        List<ChangeFeed.Subscription> listening = List.copyOf(subscriptions);
        subscriptions.clear();
        workspace = null;
        mainView = null;
        Tasks.run(() -> {
            listening.forEach(ChangeFeed.Subscription::close);
            if (signedOut != null) {
                signedOut.close();
            }
        }).start();
    }

    /** The window closes at once; the database is closed (and the embedded server stopped) in the background. */
    private void shutdown() {
        stage.hide();
        Thread closer = new Thread(() -> {
            try {
                closeAll();
            } finally {
                Platform.exit();
            }
        }, "qodex-shutdown");
        closer.start();
    }

    @Override
    public void stop() {
        closeAll();
    }

    private void closeAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Workspace signedOut = workspace;
        Backend opened = backend;
        try {
            relay.shutdownNow();
            subscriptions.forEach(ChangeFeed.Subscription::close);
            if (signedOut != null) {
                signedOut.close();
            }
            if (opened != null) {
                opened.relayMail();
                opened.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Shutting down did not finish cleanly", e);
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** The current main view, for tests. */
    @Nullable MainView mainView() {
        return mainView;
    }

    /** Starts the app (blocking until it exits). Returns the exit code. */
    public static int launch(@Nullable String route) {
        String[] args = route == null ? new String[0] : new String[] {"--open", route};
        Application.launch(DesktopApp.class, args);
        return 0;
    }
}
