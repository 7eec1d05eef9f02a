package io.qodex.app.logins;

import io.qodex.app.adapters.files.StorageStateFile;
import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.common.Shell;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.login.LoginResult;
import io.qodex.domain.login.LoginScript;
import io.qodex.domain.login.LoginStep;
import io.qodex.domain.login.LoginStepDraft;
import io.qodex.domain.login.RecordingResult;
import io.qodex.domain.login.ReplayListener;
import io.qodex.domain.login.Running;
import io.qodex.domain.login.SessionCheck;
import io.qodex.domain.login.StepProblem;
import io.qodex.domain.login.StoredSession;
import io.qodex.domain.login.UiLoginService;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * The UI login of one auth profile: its steps (an editable table, validated before saving), recording in a
 * visible browser with the steps appearing live, headless replay with per-step progress and a live log, the
 * captured session's freshness, "Check session" and export.
 */
public final class LoginsViewModel {

    private final Workspace workspace;
    private final Shell main;
    private final Project project;
    private final ObservableList<EnvironmentSummary> environments;
    private final ObjectProperty<@Nullable EnvironmentSummary> environment = new SimpleObjectProperty<>();
    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final StringProperty profile = new SimpleStringProperty();
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final StringProperty freshness = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty checkUrl = new SimpleStringProperty("");
    private final StringProperty loggedInCheck = new SimpleStringProperty("");
    private final ObjectProperty<byte @Nullable []> screenshot = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty recording = new SimpleBooleanProperty(false);
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final BooleanProperty messageIsProblem = new SimpleBooleanProperty(false);
    private final BooleanProperty targetLoaded = new SimpleBooleanProperty(false);
    private final MissingProfile missingProfile;
    private UiLoginService.@Nullable Target target;
    private @Nullable Running<RecordingResult> runningRecording;
    private final LivePageTools live;

    /** The project's environments arrive after the section opened, or the one shown was deleted. */
    private final ListChangeListener<EnvironmentSummary> environmentsChanged = change -> chooseEnvironment();
    private final Runnable stopFollowing;

    public LoginsViewModel(Workspace workspace, Project project, Shell main) {
        this.workspace = workspace;
        this.project = project;
        this.main = main;
        this.environments = main.environments().environments();
        this.missingProfile = new MissingProfile(main);
        this.live = new LivePageTools(workspace, () -> target, new LivePageTools.Report() {
            @Override
            public void say(String text) {
                message.set(text);
            }

            @Override
            public void warn(String text) {
                LoginsViewModel.this.warn(text);
            }

            @Override
            public void edited() {
                LoginsViewModel.this.edited();
            }

            @Override
            public void fail(QodexException problem) {
                LoginsViewModel.this.fail(problem);
            }
        });
        message.addListener((obs, old, now) -> messageIsProblem.set(false)); // until warn() says otherwise
        environment.addListener((obs, old, now) -> {
            if (old == null || now == null || old.id() != now.id()) {
                loadProfiles();
            }
        });
        profile.addListener((obs, old, now) -> loadTarget());
        environments.addListener(environmentsChanged);
        stopFollowing = main.environments().onChosen(this::chosenInTheShell);
        chooseEnvironment();
    }

    /** The user chose an environment in the window (switcher, Ctrl+1..9, Ctrl+E): follow it unless that loses work. */
    private void chosenInTheShell(EnvironmentSummary now) {
        EnvironmentSummary shown = environment.get();
        if (shown != null && shown.id() == now.id()) {
            return;
        }
        String still = "Still showing " + (shown == null ? "the previous environment" : shown.name().value());
        if (recording.get() || busy.get()) {
            message.set(still + ": the browser is busy with it. Choose " + now.name().value() + " again when it is done.");
        } else if (dirty.get()) {
            message.set(still + ": its steps have unsaved changes. Save them (Ctrl+S), then choose " + now.name().value()
                    + " again.");
        } else {
            environment.set(now);
        }
    }

    private void chooseEnvironment() {
        EnvironmentSummary shown = environment.get();
        Optional<EnvironmentSummary> again = shown == null ? Optional.empty()
                : environments.stream().filter(e -> e.id() == shown.id()).findFirst();
        if (again.isPresent()) {
            environment.set(again.get()); // its latest name and colours; the same id loads nothing again
            return;
        }
        environment.set(main.environments().active().filter(environments::contains)
                .orElse(environments.isEmpty() ? null : environments.get(0)));
    }

    private boolean showing(EnvironmentSummary chosen) {
        EnvironmentSummary shown = environment.get();
        return shown != null && shown.id() == chosen.id();
    }

    /** The user picked an environment in the section's own chooser. */
    public void choose(EnvironmentSummary chosen) {
        EnvironmentSummary shown = environment.get();
        if (shown == null || shown.id() != chosen.id()) {
            environment.set(chosen);
        }
    }

    public ObservableList<EnvironmentSummary> environments() {
        return environments;
    }

    public ObjectProperty<@Nullable EnvironmentSummary> environmentProperty() {
        return environment;
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    public ObservableList<String> log() {
        return log;
    }

    public StringProperty freshnessProperty() {
        return freshness;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty checkUrlProperty() {
        return checkUrl;
    }

    public StringProperty loggedInCheckProperty() {
        return loggedInCheck;
    }

    public ObjectProperty<byte @Nullable []> screenshotProperty() {
        return screenshot;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty recordingProperty() {
        return recording;
    }

    /** Whether the message reports a failure. */
    public BooleanProperty messageIsProblemProperty() {
        return messageIsProblem;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    public boolean canEdit() {
        return project.myRole() != ProjectRole.VIEWER;
    }

    /** Whether a profile's login is loaded: Record and Replay have something to work on. */
    public BooleanProperty targetLoadedProperty() {
        return targetLoaded;
    }

    /** Set when the environment shown has no auth profile (Record and Replay are off, and say why). */
    public MissingProfile missingProfile() {
        return missingProfile;
    }

    private void loadProfiles() {
        EnvironmentSummary chosen = environment.get();
        String before = profile.get();
        profile.set(null); // so that the same profile name in the next environment loads that environment's login
        profiles.clear();
        setTarget(null);
        steps.clear();
        missingProfile.show(chosen, false);
        if (chosen == null) {
            return;
        }
        Tasks.run(() -> workspace.environments().load(project, chosen.id()))
                .onSuccess(loaded -> {
                    if (!showing(chosen)) {
                        return; // another environment was chosen meanwhile
                    }
                    profiles.setAll(loaded.profiles().stream().map(p -> p.name().value()).toList());
                    profile.set(profiles.isEmpty() ? null : profiles.contains(before) ? before : profiles.get(0));
                    missingProfile.show(chosen, profiles.isEmpty());
                    if (profiles.isEmpty()) {
                        message.set(loaded.name() + " has no auth profile yet: add one under Environments → Auth profiles.");
                    }
                })
                .onError(this::fail)
                .start();
    }

    private void setTarget(UiLoginService.@Nullable Target loaded) {
        target = loaded;
        targetLoaded.set(loaded != null);
    }

    private void loadTarget() {
        loadTarget(false);
    }

    /** Loads the chosen profile; with {@code keepEdits} unsaved steps stay as they are (the rest is reloaded). */
    private void loadTarget(boolean keepEdits) {
        EnvironmentSummary chosen = environment.get();
        String name = profile.get();
        if (!keepEdits) {
            setTarget(null);
            steps.clear();
            log.clear();
            screenshot.set(null);
        }
        if (chosen == null || name == null) {
            return;
        }
        Tasks.run(() -> {
                    UiLoginService.Target loaded = workspace.logins().target(project, chosen.name().value(), name);
                    return new Loaded(loaded, workspace.logins().drafts(loaded), workspace.logins().freshness(loaded).label(),
                            workspace.logins().loggedInCheck(loaded).toText());
                })
                .onSuccess(loaded -> {
                    if (!showing(chosen) || !name.equals(profile.get())) {
                        return; // another profile was chosen meanwhile
                    }
                    setTarget(loaded.target());
                    freshness.set(loaded.freshness());
                    loggedInCheck.set(loaded.check());
                    if (!keepEdits) {
                        checkUrl.set(""); // empty: where the recorded login ended; typed ones stay on F5
                    }
                    if (keepEdits && dirty.get()) {
                        message.set("Reloaded " + loaded.target().label() + "; your unsaved changes to the steps are kept.");
                        return;
                    }
                    steps.setAll(loaded.drafts().stream().map(StepRow::of).toList());
                    dirty.set(false);
                    message.set(loaded.drafts().isEmpty() ? "No UI login recorded for " + loaded.target().label()
                            + " yet: press Record and log in in the browser that opens." : "");
                })
                .onError(this::fail)
                .start();
    }

    /**
     * F5, or after a reconnection: the profile, its steps and its session's status again from the database. Unsaved
     * step edits are kept.
     */
    public void reload() {
        if (recording.get() || busy.get()) {
            return;
        }
        loadTarget(true);
    }

    private record Loaded(UiLoginService.Target target, List<LoginStepDraft> drafts, String freshness, String check) {
    }

    public void edited() {
        dirty.set(true);
        steps.forEach(row -> row.problem.set(""));
    }

    public void addStep(int after) {
        StepRow row = StepRow.of(LoginStepDraft.of("click", "", ""));
        steps.add(Math.min(Math.max(after + 1, 0), steps.size()), row);
        edited();
    }

    public void removeStep(int index) {
        if (index >= 0 && index < steps.size()) {
            steps.remove(index);
            edited();
        }
    }

    public void move(int index, int by) {
        int to = index + by;
        if (index >= 0 && index < steps.size() && to >= 0 && to < steps.size()) {
            StepRow row = steps.remove(index);
            steps.add(to, row);
            edited();
        }
    }

    /** Validates every row (each problem shown in its row) and stores the steps. */
    public void saveSteps() {
        saveSteps(() -> { });
    }

    /** Saves the steps; {@code after} runs once they are stored, not when a row has a problem or the save failed. */
    public void saveSteps(Runnable after) {
        UiLoginService.Target current = target;
        if (current == null) {
            return;
        }
        List<LoginStepDraft> drafts = steps.stream().map(StepRow::draft).toList();
        List<StepProblem> problems = LoginScript.problemsIn(drafts);
        steps.forEach(row -> row.problem.set(""));
        if (!problems.isEmpty()) {
            for (StepProblem problem : problems) {
                if (problem.index() >= 0 && problem.index() < steps.size()) {
                    StepRow row = steps.get(problem.index());
                    row.problem.set(row.problem.get().isEmpty() ? problem.message() : row.problem.get() + " " + problem.message());
                }
            }
            warn(problems.size() + " problem(s) in the steps: " + problems.get(0));
            return;
        }
        busy.set(true);
        Tasks.run(() -> workspace.logins().setSteps(current, drafts))
                .onSuccess(script -> {
                    dirty.set(false);
                    message.set("Saved " + script.size() + " steps.");
                    busy.set(false); // what follows (another environment's login) must not find the page busy
                    after.run();
                })
                .onError(this::fail)
                .onFinally(() -> busy.set(false))
                .start();
    }

    /** Opens a visible browser at the base URL; the recorded steps replace the table as they come. */
    public void record() {
        UiLoginService.Target current = target;
        if (current == null || recording.get()) {
            return;
        }
        recording.set(true);
        message.set("Recording: log in in the browser window, then press Stop (or close the browser).");
        log.clear();
        Running<RecordingResult> running;
        try {
            running = workspace.logins().record(current, recorded -> Platform.runLater(() ->
                    steps.setAll(recorded.stream().map(step -> StepRow.of(step)).toList())));
        } catch (QodexException e) {
            recording.set(false);
            fail(e);
            return;
        }
        runningRecording = running;
        running.result().whenComplete((result, failure) -> Platform.runLater(() -> {
            recording.set(false);
            runningRecording = null;
            if (failure != null) {
                warn("The recording stopped: " + failure.getMessage());
            } else if (result instanceof RecordingResult.Failed failed) {
                warn("The recording failed: " + failed.reason());
            } else if (result instanceof RecordingResult.Recorded recorded) {
                steps.setAll(recorded.script().toDrafts().stream().map(StepRow::of).toList());
                dirty.set(true);
                message.set("Recorded " + recorded.script().size() + " steps; review them and Save.");
            }
        }));
    }

    public void stopRecording() {
        Running<RecordingResult> running = runningRecording;
        if (running != null) {
            running.stop();
        }
    }

    /** Replays headless with progress per step; a captured session is stored, a failure stores nothing. */
    public void replay() {
        UiLoginService.Target current = target;
        if (current == null || busy.get()) {
            return;
        }
        if (dirty.get()) {
            message.set("Save the steps first; the replay runs the stored ones.");
            return;
        }
        busy.set(true);
        log.clear();
        screenshot.set(null);
        steps.forEach(row -> {
            row.status.set("");
            row.problem.set("");
        });
        message.set("Replaying " + current.label() + "…");
        ReplayListener listener = new ReplayListener() {
            @Override
            public void stepStarted(int index, LoginStep step) {
                Platform.runLater(() -> status(index, "running"));
            }

            @Override
            public void stepSucceeded(int index, LoginStep step, Duration took) {
                Platform.runLater(() -> status(index, "ok " + took.toMillis() + " ms"));
            }

            @Override
            public void log(String line) {
                Platform.runLater(() -> log.add(line));
            }
        };
        Tasks.run(() -> workspace.logins().replayAndStore(current, listener))
                .onSuccess(this::replayed)
                .onError(this::fail)
                .onFinally(() -> busy.set(false))
                .start();
    }

    private boolean keptSession() {
        String label = freshness.get();
        return label != null && !label.isEmpty() && !label.equals("no session");
    }

    private void status(int index, String text) {
        if (index >= 0 && index < steps.size()) {
            steps.get(index).status.set(text);
        }
    }

    private void replayed(LoginResult result) {
        if (result instanceof LoginResult.Captured captured) {
            screenshot.set(captured.session().screenshot().png());
            message.set("Captured a session at " + captured.session().finalUrl() + " (" + captured.session().cookieCount()
                    + " cookies); stored encrypted.");
            captured.session().close();
        } else if (result instanceof LoginResult.Failed failed) {
            failed.screenshot().ifPresent(shot -> screenshot.set(shot.png()));
            failed.stepIndex().ifPresent(index -> {
                status(index, "failed");
                if (index < steps.size()) {
                    steps.get(index).problem.set(failed.reason());
                }
            });
            warn((failed.stepIndex().isPresent() ? "Step " + (failed.stepIndex().getAsInt() + 1) + " failed: " : "")
                    + failed.reason() + " Nothing was stored" + (keptSession() ? "; the session captured before is kept." : "."));
        } else {
            message.set("Cancelled; nothing was stored" + (keptSession() ? "; the session captured before is kept." : "."));
        }
        refreshFreshness();
    }

    public void checkSession() {
        UiLoginService.Target current = target;
        if (current == null || busy.get()) {
            return;
        }
        busy.set(true);
        String url = checkUrl.get();
        String check = loggedInCheck.get();
        message.set("Checking the stored session " + (url == null || url.isBlank()
                ? "where the recorded login ended" : "at " + url) + "…");
        Tasks.run(() -> {
                    if (!check.equals(workspace.logins().loggedInCheck(current).toText())) {
                        workspace.logins().setLoggedInCheck(current, check);
                    }
                    return workspace.logins().check(current, Optional.ofNullable(url), ReplayListener.ignore());
                })
                .onSuccess(result -> {
                    if (result instanceof SessionCheck.LoggedIn loggedIn) {
                        message.set("The session still works: logged in at " + loggedIn.url() + ".");
                    } else if (result instanceof SessionCheck.LoggedOut out) {
                        out.screenshot().ifPresent(shot -> screenshot.set(shot.png()));
                        warn("Logged out at " + out.url() + ": " + out.reason() + " Replay to capture a new session.");
                    } else if (result instanceof SessionCheck.Unreachable unreachable) {
                        warn(unreachable.reason());
                    } else {
                        message.set("Cancelled.");
                    }
                    refreshFreshness();
                })
                .onError(this::fail)
                .onFinally(() -> busy.set(false))
                .start();
    }

    public void export(Path file) {
        UiLoginService.Target current = target;
        if (current == null) {
            return;
        }
        Tasks.run(() -> {
                    try (StoredSession session = workspace.logins().session(current).orElseThrow(() ->
                            QodexException.notFound("No session is stored yet: replay first."))) {
                        StorageStateFile.write(file, session.storageState());
                    }
                    return file;
                })
                .onSuccess(path -> message.set("Wrote " + path + ". " + StorageStateFile.WARNING))
                .onError(this::fail)
                .start();
    }

    /** Opens the base URL in a live browser window and highlights the row's selector there. */
    public void highlight(StepRow row) {
        live.highlight(row);
    }

    /** Waits for a click in the live page and puts that element's selector into the row. */
    public void pick(StepRow row) {
        live.pick(row);
    }

    private void refreshFreshness() {
        UiLoginService.Target current = target;
        if (current != null) {
            Tasks.run(() -> workspace.logins().freshness(current).label()).onSuccess(freshness::set).start();
        }
    }

    public void dispose() {
        environments.removeListener(environmentsChanged);
        stopFollowing.run();
        stopRecording();
        live.close();
    }

    /** A message that reports a failure (shown as one). */
    private void warn(String text) {
        message.set(text);
        messageIsProblem.set(true);
    }

    private void fail(QodexException problem) {
        warn(problem.getMessage());
        if (problem.problem() == io.qodex.domain.common.Problem.UNAVAILABLE) {
            main.fail(problem);
        }
    }
}
