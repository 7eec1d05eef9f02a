package io.qodex.app.cli;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.spend.DayRange;
import io.qodex.domain.spend.Dimension;
import io.qodex.domain.spend.SpendFilter;
import io.qodex.domain.spend.SpendRow;
import io.qodex.domain.spend.SpendScope;
import io.qodex.domain.spend.SpendService;
import io.qodex.domain.spend.UsageTotals;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qodex spend}: a project's LLM spend (org admins: the organization's with --org) from the daily rollup. */
@Command(name = "spend", description = "LLM spend by model, source, user, day or funding (from the rollups).")
final class SpendCommand extends ProjectCommand.WithAccount {

    @Option(names = "--org", description = "The whole organization (org admins); --by project is allowed then.")
    boolean org;

    @Option(names = "--since", paramLabel = "PERIOD", description = "7d (default), 30d, 2w or a date like 2026-11-01 (UTC days).")
    String since = "7d";

    @Option(names = "--by", paramLabel = "DIMENSION", description = "model (default), source, user, day, funding, outcome; project with --org.")
    String by = "model";

    @Option(names = "--csv", description = "Comma-separated values instead of a table.")
    boolean csv;

    @picocli.CommandLine.Mixin
    JsonOption output;

    SpendCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        Dimension dimension = Dimension.parse(by);
        DayRange range = DayRange.since(since, Clock.systemUTC());
        Workspace workspace = workspace();
        SpendService spend = workspace.llm().spend();
        SpendScope scope;
        if (org) {
            if (project != null) {
                throw QodexException.invalid("org", "Use either --org or --project.");
            }
            scope = spend.organization();
        } else {
            scope = spend.scope(project(workspace));
        }
        List<SpendRow> rows = spend.breakdown(scope, range, SpendFilter.NONE, dimension);
        UsageTotals total = UsageTotals.NONE;
        for (SpendRow row : rows) {
            total = total.plus(row.totals());
        }
        if (output.json) {
            Listing.printJson(context, Listing.object("from", range.first(), "to", range.last(), "by", dimension.code(),
                    "rows", rows.stream().map(row -> totals(Listing.object("key", row.key(), "label", row.label()),
                            row.totals())).toList(),
                    "total", totals(Listing.object(), total)));
            return 0;
        }
        if (csv) {
            context.out().println(dimension.code() + ",calls,input_tokens,output_tokens,cached_tokens,cost_usd");
            for (SpendRow row : rows) {
                UsageTotals t = row.totals();
                context.out().println(csvField(row.label()) + "," + t.calls() + "," + t.inputTokens() + "," + t.outputTokens()
                        + "," + t.cachedTokens() + "," + t.cost().usd().toPlainString());
            }
            return 0;
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {dimension.code().toUpperCase(java.util.Locale.ROOT), "CALLS", "INPUT", "OUTPUT", "CACHED", "COST"});
        for (SpendRow row : rows) {
            table.add(cells(row.label(), row.totals()));
        }
        table.add(cells("total", total));
        context.out().println("spend " + range.first() + " to " + range.last() + " (UTC)");
        Table.print(context.out(), table);
        return 0;
    }

    private static java.util.Map<String, @org.jspecify.annotations.Nullable Object> totals(
            java.util.Map<String, @org.jspecify.annotations.Nullable Object> object, UsageTotals t) {
        object.put("calls", t.calls());
        object.put("input_tokens", t.inputTokens());
        object.put("output_tokens", t.outputTokens());
        object.put("cached_tokens", t.cachedTokens());
        object.put("cost_usd", t.cost().usd());
        return object;
    }

    private static String[] cells(String label, UsageTotals t) {
        return new String[] {label, Long.toString(t.calls()), Long.toString(t.inputTokens()), Long.toString(t.outputTokens()),
                Long.toString(t.cachedTokens()), t.cost().plain()};
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
