package io.qodex.app.shell;

import io.qodex.app.common.Shell;

import io.qodex.app.common.Background;
import io.qodex.app.common.Tasks;
import io.qodex.app.common.Theme;
import io.qodex.app.common.ActiveEnvironment;
import io.qodex.app.runtime.config.AppState;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.Problem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.live.FeedState;
import io.qodex.domain.member.Invitation;
import io.qodex.domain.project.Project;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.jspecify.annotations.Nullable;

/**
 * The main window's state: the user's projects (filtered by the type-ahead), the current project and section, the
 * route shown in the route bar, notices and the connection state. Navigation is by route ({@code /p/shop/members}).
 */
public final class MainViewModel implements Shell {

    private final Workspace workspace;
    private final AppState state;
    private final SectionRegistry registry;
    private final String databaseLabel;

    private final ObservableList<Project> projects = FXCollections.observableArrayList();
    private final ObservableList<Invitation> invitations = FXCollections.observableArrayList();
    private final FilteredList<Project> visibleProjects = new FilteredList<>(projects, p -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Section> section = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper route = new ReadOnlyStringWrapper("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty banner = new SimpleStringProperty("");
    private final ObjectProperty<FeedState> feedState = new SimpleObjectProperty<>(new FeedState.Stopped());
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final BooleanProperty sidebarCollapsed = new SimpleBooleanProperty(false);
    private @Nullable String pendingRoute;
    private final ActiveEnvironment environments;
    private LeaveGuard leaveGuard = proceed -> true;
    private final io.qodex.app.organization.WorkspacesViewModel workspaces;
    /** Hands a route's detail (an environment and tab, a scenario) to the page shown; set by the view. */
    private java.util.function.Consumer<List<String>> detailRequested = detail -> { };

    /** Asked before another section or project is shown (the page in view may have unsaved changes). */
    @FunctionalInterface
    public interface LeaveGuard {
        /** True to go now; false to stay, with {@code proceed} to be run later to go on after all. */
        boolean mayLeave(Runnable proceed);
    }

    public MainViewModel(Workspace workspace, AppState state, SectionRegistry registry, String databaseLabel) {
        this.workspace = workspace;
        this.state = state;
        this.registry = registry;
        this.databaseLabel = databaseLabel;
        this.environments = new ActiveEnvironment(workspace, this::fail);
        sidebarCollapsed.set(state.sidebarCollapsed());
        // written in order on one thread: the last state chosen is the one kept
        sidebarCollapsed.addListener((obs, old, collapsed) -> Tasks.run(() -> state.rememberSidebarCollapsed(collapsed))
                .on(Background.state()).start());
        project.addListener((obs, old, now) -> environments.projectChanged(now));
        this.workspaces = new io.qodex.app.organization.WorkspacesViewModel(workspace, state, notice::set, this::fail,
                this::showProjects);
        filter.addListener((obs, old, text) -> showProjects());
    }

    /** The sidebar's workspace switcher: the user's organizations and the current one (decision 0030). */
    public io.qodex.app.organization.WorkspacesViewModel workspaces() {
        return workspaces;
    }

    /**
     * The project list shows the current organization's projects matching the filter, and projects the user was
     * invited to in organizations they do not belong to (those have no workspace of their own to be found under).
     */
    private void showProjects() {
        String text = filter.get();
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        io.qodex.domain.account.Organizations orgs = workspace.account().organizations();
        long current = workspace.account().orgId();
        visibleProjects.setPredicate(p -> (p.orgId() == current || orgs.byId(p.orgId()).isEmpty())
                && (needle.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(needle)
                || p.slug().value().contains(needle)));
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The current project's environments and the active one (toolbar, status bar, editor). */
    @Override
    public ActiveEnvironment environments() {
        return environments;
    }

    public SectionRegistry registry() {
        return registry;
    }

    public String databaseLabel() {
        return databaseLabel;
    }

    /** Set while the user opted out of verifying the database connection (the status bar shows it). */
    public Optional<String> transportWarning() {
        return workspace.backend().transportWarning();
    }

    public ObservableList<Project> projects() {
        return projects;
    }

    public FilteredList<Project> visibleProjects() {
        return visibleProjects;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Section> sectionProperty() {
        return section.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty routeProperty() {
        return route.getReadOnlyProperty();
    }

    @Override
    public void notice(String text) {
        notice.set(text);
    }

    public StringProperty noticeProperty() {
        return notice;
    }

    public StringProperty bannerProperty() {
        return banner;
    }

    public ObjectProperty<FeedState> feedStateProperty() {
        return feedState;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    /** The theme shown (the status bar's button offers the other one). */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Whether the sidebar is collapsed (Ctrl+B); remembered for the next start. */
    public BooleanProperty sidebarCollapsedProperty() {
        return sidebarCollapsed;
    }

    /** Loads the projects, then opens {@code initialRoute}, else the last route, else the current project. */
    public void load(Optional<String> initialRoute) {
        pendingRoute = initialRoute.or(state::lastRoute)
                .or(() -> state.currentProject().map(slug -> "/p/" + slug))
                .orElse(null);
        refreshProjects();
    }

    @Override
    public void refreshProjects() {
        Tasks.run(() -> workspace.projects().list())
                .onSuccess(this::projectsLoaded)
                .onError(this::fail)
                .start();
        refreshInvitations();
        workspaces.load();
    }

    /** Invitations to the signed-in user's address (accept or decline them in the sidebar). */
    public ObservableList<Invitation> invitations() {
        return invitations;
    }

    public void refreshInvitations() {
        Tasks.run(() -> workspace.members().myInvitations())
                .onSuccess(invitations::setAll)
                .onError(this::fail)
                .start();
    }

    public void accept(Invitation invitation) {
        Tasks.run(() -> workspace.members().accept(invitation))
                .onSuccess(role -> {
                    notice.set("You joined " + invitation.projectName() + " as " + role.label() + "."
                            + (role.holdsProjectKey() ? " An Admin confirms your key fingerprint (Members page) before "
                            + "you read its secrets." : ""));
                    refreshProjects();
                })
                .onError(this::fail)
                .start();
    }

    public void decline(Invitation invitation) {
        Tasks.run(() -> {
                    workspace.members().decline(invitation);
                    return invitation;
                })
                .onSuccess(done -> {
                    notice.set("Declined the invitation to " + invitation.projectName() + ".");
                    refreshInvitations();
                })
                .onError(this::fail)
                .start();
    }

    private void projectsLoaded(List<Project> loadedProjects) {
        Project current = project.get();
        projects.setAll(loadedProjects);
        showProjects();
        loaded.set(true);
        if (pendingRoute != null) {
            String wanted = pendingRoute;
            pendingRoute = null;
            if (!navigate(wanted) && !loadedProjects.isEmpty()) {
                open(loadedProjects.get(0), registry.defaultSection());
            }
            return;
        }
        if (current != null) {
            Optional<Project> fresh = byId(current.id());
            if (fresh.isPresent()) {
                project.set(fresh.get());
            } else {
                String said = notice.get(); // "You left …" when the user left it here
                project.set(null);
                section.set(null);
                route.set("");
                if (!loadedProjects.isEmpty()) {
                    open(loadedProjects.get(0), registry.defaultSection());
                }
                notice.set(said.isEmpty() ? "You no longer have access to " + current.name() + "." : said);
            }
        } else if (!loadedProjects.isEmpty()) {
            open(loadedProjects.get(0), registry.defaultSection());
        }
    }

    public void leaveGuard(LeaveGuard guard) {
        this.leaveGuard = guard;
    }

    /** Goes to a route; returns false (with a notice) if it is not a route or names no project of the user. */
    @Override
    public boolean navigate(String text) {
        Optional<Route> parsed = Route.parse(text);
        if (parsed.isEmpty()) {
            notice.set(Route.problem(text, registry.sections()));
            return false;
        }
        if (!loaded.get()) {
            pendingRoute = text;
            return true;
        }
        Route target = parsed.get();
        Optional<Project> found = projects.stream().filter(p -> p.slug().value().equals(target.slug())).findFirst();
        if (found.isEmpty()) {
            notice.set("No project with the slug \"" + target.slug() + "\", or you are not a member of it.");
            return false;
        }
        Section chosen = target.section().filter(s -> registry.sections().contains(s)).orElse(registry.defaultSection());
        return open(found.get(), chosen, target.section().isPresent() ? target.detail() : List.of());
    }

    @Override
    public boolean open(String sectionCode, List<String> detail) {
        Project current = project.get();
        Optional<Section> target = Section.ofCode(sectionCode);
        return current != null && target.isPresent() && navigate(Route.of(current.slug().value(), target.get(), detail));
    }

    public void onDetailRequested(java.util.function.Consumer<List<String>> pageOpens) {
        this.detailRequested = pageOpens;
    }

    /** The page shown selected something (an environment, a tab, a scenario): the route says so, and is remembered. */
    @Override
    public void selected(List<String> detail) {
        Project shown = project.get();
        Section in = section.get();
        if (shown == null || in == null) {
            return;
        }
        String newRoute = Route.of(shown.slug().value(), in, detail);
        if (!newRoute.equals(route.get())) {
            route.set(newRoute);
            Tasks.run(() -> state.rememberRoute(newRoute)).on(Background.state()).start();
        }
    }

    /**
     * Shows a project's section, once the page in view lets it go (it may ask about unsaved changes); returns false
     * when it stays.
     */
    public boolean open(Project target, Section targetSection) {
        return open(target, targetSection, List.of());
    }

    /** As {@link #open(Project, Section)}, then hands {@code detail} (what to select) to the page. */
    public boolean open(Project target, Section targetSection, List<String> detail) {
        boolean elsewhere = project.get() == null || project.get().id() != target.id() || section.get() != targetSection;
        if (elsewhere && loaded.get() && !leaveGuard.mayLeave(() -> open(target, targetSection, detail))) {
            return false;
        }
        if (elsewhere) {
            notice.set(""); // a notice belongs to the page it was raised on
        }
        if (elsewhere) {
            // first: the page built for the new section may report its selection, which extends this route
            route.set(Route.of(target.slug().value(), targetSection));
        }
        project.set(target);
        section.set(targetSection);
        // a project of another of the user's organizations (a route, Ctrl+K) brings its workspace along
        workspace.account().organizations().byId(target.orgId())
                .filter(org -> org.orgId() != workspace.account().orgId()).ifPresent(workspaces::use);
        String newRoute = route.get();
        Tasks.run(() -> {
            state.useProject(target.slug().value());
            state.rememberRoute(newRoute);
        }).on(Background.state()).start();
        if (!detail.isEmpty()) {
            detailRequested.accept(detail); // the page selects it and reports back through selected(…)
        }
        return true;
    }

    public void openSection(Section targetSection) {
        Project current = project.get();
        if (current != null) {
            open(current, targetSection);
        }
    }

    /** A project was created or changed here: show it at once (the live feed confirms it later). */
    @Override
    public void projectUpdated(Project updated, boolean openIt) {
        Optional<Project> existing = byId(updated.id());
        if (existing.isPresent()) {
            projects.set(projects.indexOf(existing.get()), updated);
        } else {
            projects.add(updated);
            projects.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        }
        if (openIt) {
            open(updated, registry.defaultSection());
        } else if (project.get() != null && project.get().id() == updated.id()) {
            project.set(updated);
        }
    }

    public Optional<Project> byId(long id) {
        return projects.stream().filter(p -> p.id() == id).findFirst();
    }

    /** Shows a refusal as a sentence; a lost database also raises the banner. */
    @Override
    public void fail(QodexException problem) {
        if (problem.problem() == Problem.UNAVAILABLE) {
            banner.set(problem.getMessage() + " Your unsaved input is kept; try again when the connection is back.");
        } else {
            notice.set(problem.getMessage());
        }
    }

    public String userLabel() {
        return workspace.account().email().value();
    }
}
