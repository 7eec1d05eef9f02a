package io.qodex.app.cli.resident;

/** The JVM's own floor for {@link CliStartupBenchmark}: a one-line program. */
public final class JvmFloor {

    private JvmFloor() {
    }

    public static void main(String[] args) {
        System.out.println("floor");
    }
}
