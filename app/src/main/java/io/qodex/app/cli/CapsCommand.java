package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.llm.CapReport;
import io.qodex.domain.llm.Durations;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ProjectCaps;
import io.qodex.domain.llm.WindowStatus;
import io.qodex.domain.project.Project;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qodex caps}: the rolling 5-hour and 7-day caps on a project's platform-funded LLM spend. */
@Command(name = "caps", description = "Caps on platform-funded LLM spend (rolling 5 hours and 7 days).",
        subcommands = {CapsCommand.Show.class, CapsCommand.Set.class})
final class CapsCommand {

    @Command(name = "show", description = "Both windows: used, cap, percent, when headroom returns.")
    static final class Show extends ProjectCommand.WithAccount {
        @Mixin
        JsonOption output;

        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            CapReport report = workspace.llm().caps().report(chosen);
            Listing rows = Listing.of("WINDOW", "window", "USED", "used_usd", "CAP", "cap_usd", "PERCENT", "percent",
                    "HEADROOM", "headroom_usd", "", "headroom_returns_in_seconds");
            for (WindowStatus window : report.windows()) {
                rows.row(window.window().shortLabel(), Listing.cell(window.used().plain(), window.used().usd()),
                        Listing.cell(window.cap().plain(), window.cap().usd()),
                        Listing.cell(window.percent(), window.basisPoints() / 100.0),
                        Listing.cell(headroom(window), window.headroom().usd()),
                        window.exhausted() ? window.headroomReturnsIn().toSeconds() : 0);
            }
            if (output.json) {
                Listing.printJson(context, Listing.object("project", chosen.slug().value(),
                        "default_caps", report.caps().isDefault(), "windows", rows.objects()));
                return 0;
            }
            context.out().println("project: " + chosen.slug() + (report.caps().isDefault() ? " (default caps)" : ""));
            rows.print(context, false, "");
            return 0;
        }

        private static String headroom(WindowStatus window) {
            if (window.cap().isZero()) {
                return "none (cap 0)";
            }
            if (window.exhausted()) {
                return "returns in " + Durations.human(window.headroomReturnsIn());
            }
            return window.headroom().plain() + " now";
        }
    }

    @Command(name = "set", description = "Change a project's caps in USD (organization admins).")
    static final class Set extends ProjectCommand.WithAccount {
        @Option(names = "--five-hour-usd", required = true, paramLabel = "X")
        String fiveHour;

        @Option(names = "--weekly-usd", required = true, paramLabel = "Y")
        String weekly;

        Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            Money five = Money.parseUsd(fiveHour);
            Money week = Money.parseUsd(weekly);
            Workspace workspace = workspace();
            Project chosen = project(workspace);
            ProjectCaps caps = workspace.llm().caps().set(chosen, five, week);
            context.out().println("Caps of " + chosen.slug() + ": " + caps.fiveHour().plain() + " per rolling 5 hours, "
                    + caps.weekly().plain() + " per rolling 7 days (platform-funded calls).");
            return 0;
        }
    }
}
