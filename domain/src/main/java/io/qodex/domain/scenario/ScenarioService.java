package io.qodex.domain.scenario;

import io.qodex.domain.common.FieldProblem;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentService;
import io.qodex.domain.environment.EnvironmentSummary;
import io.qodex.domain.llm.CancelSignal;
import io.qodex.domain.project.Project;
import io.qodex.domain.project.ProjectRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * /p/{slug}/scenarios and /p/{slug}/findings (F14): the project's scenarios, their runs against an environment, the
 * findings of failed expectations, and export and import. Members and Admins write and run; Viewers read.
 */
public final class ScenarioService {

    public static final int HISTORY = 200;

    private final ScenarioRepository repository;
    private final EnvironmentService environments;
    private final ScenarioRunner runner;
    private final ScenarioChecker checker;
    private final Pacer.Source pacers;

    public ScenarioService(ScenarioRepository repository, EnvironmentService environments, ScenarioRunner runner,
                           ScenarioChecker checker, Pacer.Source pacers) {
        this.repository = repository;
        this.environments = environments;
        this.runner = runner;
        this.checker = checker;
        this.pacers = pacers;
    }

    public ScenarioChecker checker() {
        return checker;
    }

    // ---------------------------------------------------------------- reading

    public List<Scenario> list(Project project) {
        return repository.list(project.id());
    }

    public Scenario find(Project project, String name) {
        List<Scenario> all = list(project);
        return all.stream().filter(s -> s.name().equals(name.strip())).findFirst()
                .orElseThrow(() -> QodexException.notFound("No scenario named " + name.strip() + " in " + project.slug()
                        + (all.isEmpty() ? " (it has none yet)." : ".")));
    }

    public List<Scenario> select(Project project, Selection selection) {
        List<Scenario> all = list(project);
        for (String name : selection.names()) {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw QodexException.notFound("No scenario named " + name + " in " + project.slug() + ".");
            }
        }
        List<Scenario> chosen = all.stream().filter(s -> selection.matches(s.spec())).toList();
        if (chosen.isEmpty()) {
            throw QodexException.notFound("No scenario in " + project.slug() + " matches " + selection.describe() + ".");
        }
        return chosen;
    }

    public List<RunSummary> runs(Project project) {
        return repository.runs(project.id(), HISTORY);
    }

    public List<Finding> findings(Project project) {
        return repository.findings(project.id(), HISTORY);
    }

    // ---------------------------------------------------------------- writing

    /** Creates ({@code existing} empty) or replaces a scenario; CONFLICT when someone saved it meanwhile. */
    public void save(Project project, Optional<Scenario> existing, ScenarioSpec spec) {
        requireEditor(project, "edit");
        checker.require(spec);
        repository.write(project.id(), List.of(existing
                .<ScenarioWrite>map(s -> new ScenarioWrite.Update(s.id(), s.version(), spec))
                .orElse(new ScenarioWrite.Insert(spec))));
    }

    public void delete(Project project, Scenario scenario) {
        requireEditor(project, "delete");
        repository.write(project.id(), List.of(new ScenarioWrite.Delete(scenario.id(), scenario.version())));
    }

    /**
     * The file tree of the chosen scenarios: templates as written, so secrets stay placeholders. Scenarios whose
     * stored steps cannot be read are left out ({@link Scenario#damage}).
     */
    public Export export(Project project, Selection selection) {
        List<Scenario> chosen = select(project, selection);
        return new Export(ScenarioCodec.toTree(chosen.stream().filter(s -> s.damage().isEmpty()).map(Scenario::spec)
                .toList()), chosen.stream().filter(s -> s.damage().isPresent()).toList());
    }

    /** An export's file tree, and the chosen scenarios left out of it because their stored steps cannot be read. */
    public record Export(Map<String, Object> tree, List<Scenario> leftOut) {
        public Export {
            leftOut = List.copyOf(leftOut);
        }
    }

    /**
     * Imports a parsed file: all or nothing. Every problem comes back with its field; a name the project has is a
     * problem unless {@code onConflict} says what to do.
     */
    public ImportResult importTree(Project project, Object tree, OnConflict onConflict) {
        requireEditor(project, "import into");
        ScenarioCodec.Parsed parsed = ScenarioCodec.parse(tree);
        if (parsed instanceof ScenarioCodec.Parsed.Refused refused) {
            List<FieldProblem> all = new ArrayList<>(refused.problems());
            for (ScenarioCodec.Parsed.Indexed read : refused.bestEffort()) {
                String field = "scenarios[" + read.index() + "]";
                checker.problems(read.scenario(), field).stream()
                        .filter(p -> all.stream().noneMatch(known -> p.field().startsWith(known.field())))
                        .forEach(all::add);
            }
            return new ImportResult.Refused(capped(all));
        }
        List<ScenarioSpec> incoming = ((ScenarioCodec.Parsed.Scenarios) parsed).scenarios();
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        for (int i = 0; i < incoming.size(); i++) {
            problems.addAll(checker.problems(incoming.get(i), "scenarios[" + i + "]"));
            if (!inFile.add(incoming.get(i).name())) {
                problems.add(new FieldProblem("scenarios[" + i + "].name", "The file has two scenarios named "
                        + incoming.get(i).name() + "."));
            }
        }
        Map<String, Scenario> stored = new java.util.HashMap<>();
        list(project).forEach(s -> stored.put(s.name(), s));
        Set<String> taken = new HashSet<>(stored.keySet());
        taken.addAll(inFile);
        List<ScenarioWrite> writes = new ArrayList<>();
        List<String> renamed = new ArrayList<>();
        int added = 0;
        int replaced = 0;
        int skipped = 0;
        for (int i = 0; i < incoming.size(); i++) {
            ScenarioSpec spec = incoming.get(i);
            Scenario existing = stored.get(spec.name());
            if (existing == null) {
                writes.add(new ScenarioWrite.Insert(spec));
                added++;
                continue;
            }
            switch (onConflict) {
                case REFUSE -> problems.add(new FieldProblem("scenarios[" + i + "].name", "The project already has "
                        + "a scenario named " + spec.name() + "; choose whether to rename, replace or skip the "
                        + "scenarios whose names exist (--on-conflict on the command line)."));
                case SKIP -> skipped++;
                case REPLACE -> {
                    writes.add(new ScenarioWrite.Update(existing.id(), existing.version(), spec));
                    replaced++;
                }
                case RENAME -> {
                    String name = freeName(spec.name(), taken);
                    taken.add(name);
                    renamed.add(spec.name() + " → " + name);
                    writes.add(new ScenarioWrite.Insert(spec.renamed(name)));
                    added++;
                }
            }
        }
        if (!problems.isEmpty()) {
            return new ImportResult.Refused(capped(problems));
        }
        if (!writes.isEmpty()) {
            repository.write(project.id(), writes);
        }
        return new ImportResult.Imported(added, replaced, skipped, renamed);
    }

    /** At most {@value io.qodex.domain.common.TreeReader#MAX_PROBLEMS} problems, and how many more there are. */
    private static List<FieldProblem> capped(List<FieldProblem> problems) {
        int max = io.qodex.domain.common.TreeReader.MAX_PROBLEMS;
        if (problems.size() <= max) {
            return problems;
        }
        List<FieldProblem> shown = new ArrayList<>(problems.subList(0, max));
        shown.add(new FieldProblem("(file)", "…and " + (problems.size() - max) + " more problems."));
        return shown;
    }

    private static String freeName(String name, Set<String> taken) {
        for (int n = 2; ; n++) {
            String suffix = " (" + n + ")";
            String base = name.length() + suffix.length() > ScenarioChecker.MAX_NAME
                    ? name.substring(0, ScenarioChecker.MAX_NAME - suffix.length()) : name;
            if (!taken.contains(base + suffix)) {
                return base + suffix;
            }
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs the chosen scenarios, one after the other, against an environment. A production-like environment needs
     * {@code confirmed}. Each scenario's run and findings are stored when it ends; what could not be stored is a
     * warning of the batch, never a lost result.
     */
    public Batch run(Project project, String environmentName, Selection selection, boolean confirmed,
                     RunListener listener, CancelSignal cancel) {
        requireEditor(project, "run scenarios in");
        EnvironmentSummary summary = environments.find(project, environmentName);
        if (summary.productionLike() && !confirmed) {
            throw QodexException.notAllowed(summary.name() + " is production-like: confirm to run scenarios against it"
                    + " (qodex scenarios run --yes).");
        }
        List<Scenario> chosen = select(project, selection);
        Environment environment = environments.load(project, summary.id());
        Map<Optional<String>, java.util.function.Function<Map<String, String>, io.qodex.domain.environment.VariableResolver>>
                resolvers = new java.util.HashMap<>();
        RunTarget target = new RunTarget(summary,
                (profile, captures) -> resolvers.computeIfAbsent(profile,
                        p -> environments.resolvers(project, environment, p, false)).apply(captures),
                profile -> environments.token(project, environment, profile),
                pacers.of(summary));
        UUID batch = UUID.randomUUID();
        List<ScenarioResult> results = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Scenario scenario : chosen) {
            if (cancel.cancelled()) {
                break;
            }
            ScenarioResult result = scenario.damage().isPresent()
                    ? damaged(scenario, summary.name().value(), listener)
                    : runner.run(scenario.spec(), Optional.of(scenario.id()), target, listener, cancel);
            results.add(result);
            try {
                repository.record(project.id(), batch, summary.id(), result, findings(result));
            } catch (QodexException e) {
                warnings.add("The run of " + scenario.name() + " could not be stored: " + e.getMessage());
            }
        }
        return new Batch(batch, summary.name().value(), results, warnings);
    }

    private static ScenarioResult damaged(Scenario scenario, String environment, RunListener listener) {
        listener.scenarioStarted(scenario.spec());
        java.time.Instant now = java.time.Instant.now();
        ScenarioResult result = new ScenarioResult(scenario.name(), Optional.of(scenario.id()), environment,
                RunStatus.ERROR, List.of(), Optional.of("Not run: " + scenario.damage().orElse("")), now, now);
        listener.scenarioFinished(result);
        return result;
    }

    static List<NewFinding> findings(ScenarioResult result) {
        List<NewFinding> findings = new ArrayList<>();
        for (StepResult step : result.steps()) {
            if (step.outcome() == StepOutcome.FAILED) {
                for (Check check : step.failedChecks()) {
                    findings.add(new NewFinding(clip(result.scenario() + " · " + step.name() + ": " + check.what()
                            + " was " + check.actual() + ", expected " + check.expected(), 500), step.name(), "medium",
                            clip(check.expected(), 4000), clip(check.actual(), 4000), step.responseExcerpt()));
                }
            } else if (step.outcome() == StepOutcome.ERROR) {
                String message = step.message().orElse("The step could not run.");
                findings.add(new NewFinding(clip(result.scenario() + " · " + step.name() + ": could not run", 500),
                        step.name(), "low", "a response", clip(message, 4000), step.requestExcerpt()));
            }
        }
        return findings;
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void requireEditor(Project project, String what) {
        if (!project.myRole().atLeast(ProjectRole.MEMBER)) {
            throw QodexException.notAllowed("Viewers cannot " + what + " " + project.name()
                    + "; Members and Admins can.");
        }
    }
}
