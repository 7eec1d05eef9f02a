package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.project.Project;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** F3 from the command line. */
@Command(name = "projects", description = "List, create, switch and manage projects.",
        subcommands = {ProjectsCommand.Create.class, ProjectsCommand.ListProjects.class, ProjectsCommand.Use.class,
                ProjectsCommand.Rename.class, ProjectsCommand.Archive.class})
final class ProjectsCommand {

    @Command(name = "create", description = "Create a project in your current organization (or --org); you become its Admin.")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--name", required = true, paramLabel = "N")
        String name;

        @Option(names = "--slug", required = true, paramLabel = "S", description = "2-63 of a-z, 0-9 and '-'.")
        String slug;

        @Mixin
        OrgOption org;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Project project = context.signIn(account.email, org.slug).projects().create(name, slug);
            context.out().println("Created project " + project.slug() + " (" + project.name() + "); you are its Admin.");
            return 0;
        }
    }

    @Command(name = "list", description = "Your projects: slug, name, role.")
    static final class ListProjects implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Mixin
        JsonOption output;

        ListProjects(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            List<Project> projects = context.signIn(account.email).projects().list();
            Listing rows = Listing.of("SLUG", "slug", "NAME", "name", "ROLE", "role", "", "archived");
            for (Project project : projects) {
                rows.row(project.slug().value(), Listing.cell(project.name() + (project.archived() ? " (archived)" : ""),
                        project.name()), project.myRole().code(), project.archived());
            }
            rows.print(context, output.json, "No projects yet. Create one: qodex projects create --name N --slug S");
            return 0;
        }
    }

    @Command(name = "use", description = "Make a project the current one (the desktop app opens it too).")
    static final class Use implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Parameters(paramLabel = "SLUG")
        String slug;

        Use(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project project = workspace.projects().bySlug(slug);
            context.state().useProject(project.slug().value());
            context.state().rememberRoute(project.route("")).ifPresent(context::warn);
            context.out().println("Current project: " + project.slug() + " (" + project.name() + ")");
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a project (Admins).")
    static final class Rename implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--name", required = true, paramLabel = "N")
        String name;

        Rename(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project renamed = workspace.projects().rename(context.project(workspace, project), name);
            context.out().println("Renamed " + renamed.slug() + " to " + renamed.name() + ".");
            return 0;
        }
    }

    @Command(name = "archive", description = "Archive (or with --restore, restore) a project (Admins).")
    static final class Archive implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        AccountOption account;

        @Option(names = "--project", paramLabel = "S")
        String project;

        @Option(names = "--restore", description = "Restore an archived project.")
        boolean restore;

        Archive(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Workspace workspace = context.signIn(account.email);
            Project changed = workspace.projects().setArchived(context.project(workspace, project), !restore);
            context.out().println((restore ? "Restored " : "Archived ") + changed.slug() + ".");
            return 0;
        }
    }
}
