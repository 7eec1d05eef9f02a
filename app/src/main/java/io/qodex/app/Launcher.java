package io.qodex.app;

import io.qodex.app.cli.CliMain;
import io.qodex.app.cli.DesktopEntry;
import io.qodex.app.shell.DesktopApp;
import io.qodex.app.cli.resident.ResidentClient;
import io.qodex.app.cli.resident.ResidentServer;
import io.qodex.app.cli.resident.ResidentStart;
import io.qodex.app.runtime.config.QodexHome;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The entry point of {@code qodex.jar}. Not a JavaFX Application (JavaFX on the class path needs a plain main
 * class). Sets up logging under QODEX_HOME before anything logs, then runs the CLI or the desktop app.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        QodexHome home = QodexHome.resolve(environment);
        if (args.length == 1 && args[0].equals(ResidentStart.ARGUMENT)) {
            ResidentServer.main(new String[0]);
            return;
        }
        // first, and with nothing else loaded: the background process may answer this command (decision 0028)
        OptionalInt answered = ResidentClient.tryRun(home.path(), args, environment);
        if (answered.isPresent()) {
            System.exit(answered.getAsInt());
        }
        // before any HTTP client class loads: scenario steps are sent once (JavaScenarioHttp.ONE_ATTEMPT)
        io.qodex.app.adapters.http.JavaScenarioHttp.oneAttempt();
        System.setProperty("qodex.log.dir", home.logs().toString());
        if (args.length == 0) { // the desktop app at once: building the command tree first cost 0.2-0.4 s
            // Logback's set-up (~0.3 s: its classes, a scan of every jar for providers, the configuration) runs on the
            // other core while JavaFX starts; a logger asked for meanwhile is a substitute that catches up after
            Thread logging = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "qodex-logging-setup");
            logging.setDaemon(true);
            logging.start();
            try {
                DesktopApp.launch((String) null);
            } catch (RuntimeException e) { // e.g. no display: one line, as when a command fails
                org.slf4j.LoggerFactory.getLogger(Launcher.class).error("The desktop app failed", e);
                io.qodex.domain.common.QodexException problem = io.qodex.app.runtime.Failures.of(e);
                System.err.println("qodex: " + String.valueOf(problem.getMessage()).replace('\n', ' ').strip());
                System.exit(problem.problem().exitCode());
            }
            return;
        }
        DesktopEntry.register(DesktopApp::launch);
        int exitCode = CliMain.run(args, environment);
        if (exitCode == 0) {
            ResidentStart.after(home.path(), args, environment).ifPresent(problem ->
                    System.err.println("qodex: warning: " + problem));
        }
        if (exitCode != 0 || args.length > 0) {
            System.exit(exitCode);
        }
    }
}
