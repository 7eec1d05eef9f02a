package io.qodex.app.cli;

import io.qodex.app.adapters.files.ScenarioJson;
import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.project.Project;
import io.qodex.domain.scenario.Batch;
import io.qodex.domain.scenario.Check;
import io.qodex.domain.scenario.Finding;
import io.qodex.domain.scenario.ImportResult;
import io.qodex.domain.scenario.JunitReport;
import io.qodex.domain.scenario.OnConflict;
import io.qodex.domain.scenario.RunListener;
import io.qodex.domain.scenario.RunSummary;
import io.qodex.domain.scenario.Scenario;
import io.qodex.domain.scenario.ScenarioCodec;
import io.qodex.domain.scenario.ScenarioResult;
import io.qodex.domain.scenario.ScenarioSpec;
import io.qodex.domain.scenario.Selection;
import io.qodex.domain.scenario.StepResult;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qodex scenarios} and {@code qodex findings}: API test scenarios, their runs, findings, export and import. */
final class ScenariosCommand {

    /** Exit code of a run in which an expectation failed, a step was refused or could not run. */
    static final int RUN_FAILED = 1;

    private ScenariosCommand() {
    }

    @Command(name = "scenarios", description = "The project's API test scenarios: list, run, export, import.",
            subcommands = {ListScenarios.class, Show.class, Run.class, Export.class, Import.class, Delete.class,
                    Runs.class})
    static final class Group {
    }

    @Command(name = "findings", description = "Failed expectations of scenario runs.", subcommands = {Findings.class})
    static final class FindingsGroup {
    }

    /** NAME… or --tag T or --collection C (nothing: all). */
    static final class Which {
        @Option(names = "--tag", paramLabel = "T", description = "the scenarios with this tag")
        @Nullable String tag;

        @Option(names = "--collection", paramLabel = "C", description = "the scenarios of this collection")
        @Nullable String collection;
    }

    static Selection selection(List<String> names, @Nullable Which which) {
        if (which != null && which.tag != null) {
            return Selection.tag(which.tag);
        }
        if (which != null && which.collection != null) {
            return Selection.collection(which.collection);
        }
        return names.isEmpty() ? Selection.ALL : Selection.names(names);
    }

    static void refuseNamesWithFilter(List<String> names, @Nullable Which which) {
        if (!names.isEmpty() && which != null && (which.tag != null || which.collection != null)) {
            throw QodexException.invalid("names", "Give scenario names or --tag or --collection, not both.");
        }
    }

    @Command(name = "list", description = "The scenarios: name, tags, collection, steps, last run and its result.")
    static final class ListScenarios extends ProjectCommand.WithAccount {
        @ArgGroup(exclusive = true)
        @Nullable Which which;

        @Mixin
        JsonOption output;

        ListScenarios(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            Selection selection = selection(List.of(), which);
            Listing rows = Listing.of("NAME", "name", "TAGS", "tags", "COLLECTION", "collection", "STEPS", "steps",
                    "FLAGS", "flags", "LAST RUN", "last_run", "RESULT", "result");
            for (Scenario scenario : workspace.scenarios().list(chosen)) {
                ScenarioSpec spec = scenario.spec();
                if (selection.tag().filter(t -> !spec.tags().contains(t)).isPresent()
                        || selection.collection().filter(c -> !spec.collection().equals(Optional.of(c))).isPresent()) {
                    continue;
                }
                List<String> flags = new ArrayList<>();
                if (spec.destructive()) {
                    flags.add("destructive");
                }
                if (spec.security()) {
                    flags.add("security");
                }
                String result = scenario.damage().isPresent() ? "unreadable"
                        : scenario.lastRun().map(r -> r.status().code()).orElse("");
                rows.row(spec.name(), Listing.cell(String.join(",", spec.tags()), List.copyOf(spec.tags())),
                        Listing.cell(spec.collection().orElse(""), spec.collection()), spec.steps().size(),
                        Listing.cell(String.join(",", flags), flags),
                        Listing.cell(scenario.lastRun().map(r -> r.finishedAt() + " on " + r.environment()).orElse("never"),
                                scenario.lastRun().map(r -> Listing.object("finished_at", r.finishedAt(),
                                        "environment", r.environment()))),
                        Listing.cell(result, result.isEmpty() ? null : result));
            }
            rows.print(context, output.json, "");
            return 0;
        }
    }

    @Command(name = "show", description = "One scenario in the file format (qodex.scenarios.v1).")
    static final class Show extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Scenario scenario = workspace.scenarios().find(project(workspace), name);
            scenario.damage().ifPresent(context::warn);
            context.out().print(ScenarioJson.FILE.write(ScenarioCodec.toTree(List.of(scenario.spec()))));
            context.out().flush();
            return 0;
        }
    }

    @Command(name = "run", description = "Run scenarios against an environment, enforcing its constraints; exit 0 only "
            + "when every expectation held.")
    static final class Run extends ProjectCommand.WithAccount {
        @Option(names = "--env", required = true, paramLabel = "E", description = "the environment to run against")
        String environment;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "scenario names (default: all)")
        List<String> names = new ArrayList<>();

        @ArgGroup(exclusive = true)
        @Nullable Which which;

        @Option(names = "--yes", description = "confirm a run against a production-like environment")
        boolean yes;

        @Option(names = "--junit", paramLabel = "FILE", description = "write a JUnit XML report")
        @Nullable Path junit;

        Run(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            refuseNamesWithFilter(names, which);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            boolean confirmed = yes || confirm(workspace, chosen);
            CancelSignal cancel = new CancelSignal();
            Thread stop = new Thread(cancel::cancel, "qodex-stop-run");
            Runtime.getRuntime().addShutdownHook(stop);
            Batch batch;
            try {
                batch = workspace.scenarios().run(chosen, environment, selection(names, which), confirmed,
                        new Progress(), cancel);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the run was stopped
                }
            }
            batch.warnings().forEach(context::warn);
            if (junit != null) {
                writeJunit(junit, JunitReport.write(batch));
                context.err().println("JUnit report: " + junit);
            }
            long passed = batch.results().stream().filter(r -> r.status().code().equals("passed")).count();
            context.out().println(batch.results().size() + " scenario(s) on " + batch.environment() + ": " + passed
                    + " passed, " + (batch.results().size() - passed) + " not.");
            context.out().flush();
            return batch.passed() ? 0 : RUN_FAILED;
        }

        private boolean confirm(Workspace workspace, Project chosen) {
            var summary = workspace.environments().find(chosen, environment);
            if (!summary.productionLike()) {
                return false;
            }
            Console console = System.console();
            if (console == null) {
                return false; // the service refuses and says to pass --yes
            }
            String answer = console.readLine("%s is production-like. Run scenarios against it? [y/N] ",
                    summary.name().value());
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        }

        private final class Progress implements RunListener {
            @Override
            public void scenarioStarted(ScenarioSpec scenario) {
                context.out().println(Table.printable(scenario.name()));
                context.out().flush();
            }

            @Override
            public void stepFinished(ScenarioSpec scenario, StepResult step) {
                context.out().println(Table.printable("  " + String.format(Locale.ROOT, "%-8s",
                        step.outcome().name()) + " " + step.name() + "  " + step.request()
                        + step.status().map(s -> "  " + s).orElse("")
                        + step.latencyMs().map(ms -> "  " + ms + " ms").orElse("")));
                for (Check check : step.failedChecks()) {
                    context.out().println(Table.printable("           " + check.what() + ": expected "
                            + check.expected() + ", got " + check.actual()));
                }
                step.message().ifPresent(m -> context.out().println(Table.printable("           " + m)));
                context.out().flush();
            }

            @Override
            public void scenarioFinished(ScenarioResult result) {
                context.out().println(Table.printable("  → " + result.status().code() + " (" + result.summary()
                        + ")"));
                context.out().flush();
            }
        }
    }

    static void writeJunit(Path file, String xml) {
        Path target = file.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, xml, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw QodexException.unavailable("Could not write the JUnit report " + file + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "export", description = "Write scenarios to a file (secrets stay $${…} placeholders).")
    static final class Export extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME", arity = "0..*", description = "scenario names (default: all)")
        List<String> names = new ArrayList<>();

        @ArgGroup(exclusive = true)
        @Nullable Which which;

        @Option(names = "--out", paramLabel = "FILE", description = "the file to write (default: standard output)")
        @Nullable Path out;

        Export(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            refuseNamesWithFilter(names, which);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            var export = workspace.scenarios().export(chosen, selection(names, which));
            export.leftOut().forEach(s -> context.warn("left out " + s.name() + ": " + s.damage().orElse("")));
            Map<String, Object> tree = export.tree();
            int count = ((List<?>) tree.get("scenarios")).size();
            if (out == null) {
                context.out().print(ScenarioJson.FILE.write(tree));
                context.out().flush();
            } else {
                ScenarioJson.FILE.write(tree, out);
                context.err().println("Exported " + count + " scenario(s) of " + chosen.slug() + " to " + out + ".");
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Add scenarios from a file, all or nothing.")
    static final class Import extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--on-conflict", paramLabel = "WHAT",
                description = "for names the project has: rename, replace or skip (default: refuse the import)")
        @Nullable String onConflict;

        Import(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            OnConflict conflicts = onConflict == null ? OnConflict.REFUSE : OnConflict.parse(onConflict);
            Object tree = ScenarioJson.FILE.read(file);
            Workspace workspace = workspace();
            Project target = project(workspace);
            ImportResult result = workspace.scenarios().importTree(target, tree, conflicts);
            if (result instanceof ImportResult.Refused refused) {
                throw context.importRefused(refused.problems());
            }
            ImportResult.Imported imported = (ImportResult.Imported) result;
            imported.renamed().forEach(r -> context.err().println("  renamed: " + r));
            context.out().println("Imported into " + target.slug() + ": " + imported.added() + " added, "
                    + imported.replaced() + " replaced, " + imported.skipped() + " skipped.");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a scenario (its runs and findings stay).")
    static final class Delete extends ProjectCommand.WithAccount {
        @Parameters(paramLabel = "NAME")
        String name;

        Delete(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            Scenario scenario = workspace.scenarios().find(chosen, name);
            workspace.scenarios().delete(chosen, scenario);
            context.out().println("Deleted scenario " + scenario.name() + " of " + chosen.slug() + ".");
            return 0;
        }
    }

    @Command(name = "runs", description = "The latest runs, newest first.")
    static final class Runs extends ProjectCommand.WithAccount {
        @Mixin
        JsonOption output;

        Runs(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Listing rows = Listing.of("ID", "id", "FINISHED", "finished_at", "SCENARIO", "scenario", "ENVIRONMENT",
                    "environment", "RESULT", "result", "SUMMARY", "summary", "BY", "by");
            for (RunSummary run : workspace.scenarios().runs(project(workspace))) {
                rows.row(run.runId(), run.finishedAt(), run.scenario(), run.environment(), run.status().code(),
                        run.summary(), run.by());
            }
            rows.print(context, output.json, "");
            return 0;
        }
    }

    @Command(name = "list", description = "The latest findings, newest first.")
    static final class Findings extends ProjectCommand.WithAccount {
        @Mixin
        JsonOption output;

        Findings(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Listing rows = Listing.of("ID", "id", "CREATED", "created_at", "SEVERITY", "severity", "STATUS", "status",
                    "SCENARIO", "scenario", "STEP", "step", "EXPECTED", "expected", "ACTUAL", "actual");
            for (Finding finding : workspace.scenarios().findings(project(workspace))) {
                rows.row(finding.id(), finding.createdAt(), finding.severity(), finding.status(),
                        Listing.cell(finding.scenario().orElse(""), finding.scenario()),
                        Listing.cell(finding.step().orElse(""), finding.step()),
                        Listing.cell(oneLine(finding.expected()), finding.expected()),
                        Listing.cell(oneLine(finding.actual()), finding.actual()));
            }
            rows.print(context, output.json, "");
            return 0;
        }

        private static String oneLine(String text) {
            String line = text.replace('\n', ' ');
            return line.length() > 60 ? line.substring(0, 59) + "…" : line;
        }
    }
}
