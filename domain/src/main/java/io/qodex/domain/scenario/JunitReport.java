package io.qodex.domain.scenario;

import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A batch as JUnit XML, the report CI servers read: one test suite per scenario, one test case per step. Failed
 * expectations and refused steps are failures, steps that could not run are errors, steps a stop skipped are skipped;
 * a scenario refused whole is one failed case. Excerpts are the masked ones.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String write(Batch batch) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int tests = 0;
        int failures = 0;
        int errors = 0;
        StringBuilder suites = new StringBuilder();
        for (ScenarioResult result : batch.results()) {
            StringBuilder cases = new StringBuilder();
            int suiteFailures = 0;
            int suiteErrors = 0;
            int suiteSkipped = 0;
            if (result.status() == RunStatus.REFUSED) {
                cases.append("    <testcase classname=\"").append(attr(result.scenario())).append("\" name=\"(scenario)\">\n")
                        .append("      <failure type=\"refused\" message=\"").append(attr(result.summary())).append("\"/>\n")
                        .append("    </testcase>\n");
                suiteFailures++;
            }
            for (StepResult step : result.steps()) {
                cases.append("    <testcase classname=\"").append(attr(result.scenario())).append("\" name=\"")
                        .append(attr(step.name())).append("\" time=\"")
                        .append(seconds(Duration.ofMillis(step.latencyMs().orElse(0L)))).append("\">\n");
                switch (step.outcome()) {
                    case FAILED -> {
                        suiteFailures++;
                        String lines = step.failedChecks().stream()
                                .map(c -> c.what() + ": expected " + c.expected() + ", got " + c.actual())
                                .collect(Collectors.joining("\n"));
                        cases.append("      <failure type=\"expectation\" message=\"").append(attr(lines)).append("\">")
                                .append(text(lines + "\n\n" + step.requestExcerpt() + "\n\n" + step.responseExcerpt()))
                                .append("</failure>\n");
                    }
                    case REFUSED -> {
                        suiteFailures++;
                        cases.append("      <failure type=\"refused\" message=\"")
                                .append(attr(step.message().orElse("refused"))).append("\"/>\n");
                    }
                    case ERROR -> {
                        suiteErrors++;
                        cases.append("      <error message=\"").append(attr(step.message().orElse("error")))
                                .append("\"/>\n");
                    }
                    case SKIPPED -> {
                        suiteSkipped++;
                        cases.append("      <skipped message=\"").append(attr(step.message().orElse("skipped")))
                                .append("\"/>\n");
                    }
                    case PASSED -> {
                    }
                }
                cases.append("    </testcase>\n");
            }
            int suiteTests = result.steps().size() + (result.status() == RunStatus.REFUSED ? 1 : 0);
            suites.append("  <testsuite name=\"").append(attr(result.scenario())).append("\" tests=\"").append(suiteTests)
                    .append("\" failures=\"").append(suiteFailures).append("\" errors=\"").append(suiteErrors)
                    .append("\" skipped=\"").append(suiteSkipped).append("\" time=\"")
                    .append(seconds(Duration.between(result.startedAt(), result.finishedAt())))
                    .append("\" timestamp=\"").append(result.startedAt()).append("\">\n")
                    .append("    <properties><property name=\"environment\" value=\"")
                    .append(attr(result.environment())).append("\"/></properties>\n")
                    .append(cases).append("  </testsuite>\n");
            tests += suiteTests;
            failures += suiteFailures;
            errors += suiteErrors;
        }
        xml.append("<testsuites name=\"qodex scenarios\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"").append(errors).append("\">\n").append(suites)
                .append("</testsuites>\n");
        return xml.toString();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    private static String text(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
                    if (allowed) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append('?');
                    }
                }
            }
        });
        return out.toString();
    }
}
