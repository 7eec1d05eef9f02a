package io.qodex.app.testing;

import io.qodex.app.cli.CliMain;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code qodex} in-process with a given environment and captures its output. */
public final class Cli {

    /** What one invocation printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public String[] lines() {
            return out.strip().split("\n");
        }
    }

    private final Map<String, String> environment;

    public Cli(Map<String, String> environment) {
        this.environment = new HashMap<>(environment);
    }

    public Cli with(String variable, String value) {
        Cli copy = new Cli(environment);
        copy.environment.put(variable, value);
        return copy;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CliMain.run(args, environment, new BufferedReader(new StringReader(stdin)), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
