package io.qodex.app.adapters.browser;

import io.qodex.app.adapters.files.LoginStepsJson;
import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.cli.resident.Resident;
import io.qodex.app.runtime.Backend;
import io.qodex.app.runtime.Workspace;
import io.qodex.app.testing.TestBackends;
import io.qodex.domain.common.Secret;
import io.qodex.domain.environment.EnvironmentDraft;
import io.qodex.domain.environment.EnvironmentPreset;
import io.qodex.domain.environment.ProfileDraft;
import io.qodex.domain.environment.SecretInput;
import io.qodex.domain.project.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qodex login replay} as a whole process against a plain Playwright-for-Node script doing the same login on
 * the local test site (the driver's own Node and playwright-core, the same Chromium, headless), interleaved: the
 * replay answered by the CLI's background process (Playwright's driver and the browser kept warm there), and the
 * replay in its own process ({@code QODEX_IDLE_STOP=0}: JVM, sign-in, driver start and browser launch each time).
 * Prints medians; asserts nothing.
 */
class LoginReplayCliBenchmark {

    private static final int ROUNDS = 9;
    private static final int OWN_PROCESS_ROUNDS = 3;
    private static final String PASSWORD = "benchmark-harbour-42x";

    @TempDir
    Path home;

    @TempDir
    Path scratch;

    @Test
    void replayAgainstPlaywrightForNode() throws Exception {
        try (LoginTestSite site = LoginTestSite.start()) {
            prepare(site);
            List<String> replay = List.of("login", "replay", "--project", "shop", "--env", "QA", "--profile", "admin");
            try {
                run(Map.of(Resident.IDLE_VARIABLE, "0"), replay); // unpacks the driver into the cache, untimed
                Path driver = driverFolder();
                Path script = nodeScript();
                node(driver, script, site); // the first Node start reads the driver from disk, untimed
                run(Map.of(), replay); // starts the background process
                Path status = home.resolve("run").resolve("cli.properties");
                for (int i = 0; i < 600 && !Files.exists(status); i++) {
                    Thread.sleep(100);
                }
                run(Map.of(), replay); // its first replay starts the driver, untimed
                Map<String, List<Long>> times = new LinkedHashMap<>();
                for (int round = 0; round < ROUNDS; round++) {
                    times.computeIfAbsent("node script (Playwright for Node)", k -> new ArrayList<>())
                            .add(node(driver, script, site));
                    times.computeIfAbsent("qodex login replay", k -> new ArrayList<>()).add(run(Map.of(), replay));
                    if (round < OWN_PROCESS_ROUNDS) {
                        times.computeIfAbsent("qodex login replay (own process)", k -> new ArrayList<>())
                                .add(run(Map.of(Resident.IDLE_VARIABLE, "0"), replay));
                    }
                }
                long node = median(times.get("node script (Playwright for Node)"));
                System.out.printf(Locale.ROOT, "%n%-40s %8s %8s %8s %8s%n", "process", "median", "min", "max", "x node");
                times.forEach((name, values) -> System.out.printf(Locale.ROOT, "%-40s %6d ms %5d ms %5d ms %7.2fx%n",
                        name, median(values), values.stream().mapToLong(Long::longValue).min().orElseThrow(),
                        values.stream().mapToLong(Long::longValue).max().orElseThrow(), (double) median(values) / node));
                System.out.printf(Locale.ROOT, "(%d rounds interleaved, own process %d; %s, %d cores, load %s)%n", ROUNDS,
                        OWN_PROCESS_ROUNDS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                        Files.readString(Path.of("/proc/loadavg")).strip());
            } finally {
                new io.qodex.app.testing.Cli(environment()).run("db", "stop");
            }
        }
    }

    /** An account, project shop, environment QA on the site, profile admin with the site's recorded login. */
    private void prepare(LoginTestSite site) throws IOException {
        io.qodex.app.testing.Cli cli = new io.qodex.app.testing.Cli(environment());
        check(cli.run("signup", "--email", "uma@example.com"));
        String code = new LocalOutbox(home.resolve("outbox")).newestCode("uma@example.com").orElseThrow();
        check(cli.run("verify", "--email", "uma@example.com", "--code", code));
        try (Backend backend = TestBackends.open(environment());
             Workspace uma = backend.signIn("uma@example.com", Secret.copyOf(PASSWORD))) {
            Project shop = uma.projects().create("Shop", "shop");
            var created = uma.environments().saveOrThrow(shop, EnvironmentDraft.fromPreset(EnvironmentPreset.QA, "QA",
                    site.baseUrl(), ""));
            uma.environments().saveOrThrow(shop, uma.environments().edit(created).withProfiles(List.of(
                    ProfileDraft.named("admin").withEmail(LoginTestSite.EMAIL)
                            .withPassword(SecretInput.replace(Secret.copyOf(LoginTestSite.PASSWORD))))));
            uma.logins().setStepsJson(uma.logins().target(shop, "QA", "admin"), LoginStepsJson.write(SiteLogin.STEPS));
        }
    }

    private Path driverFolder() throws IOException {
        try (Stream<Path> folders = Files.list(home.resolve("cache"))) {
            return folders.filter(folder -> folder.getFileName().toString().startsWith("playwright-driver-")
                    && Files.exists(folder.resolve("node"))).findFirst().orElseThrow();
        }
    }

    /** The same steps as SiteLogin.STEPS, then the storage state, as a person would write them for Node. */
    private Path nodeScript() throws IOException {
        Path script = scratch.resolve("login.js");
        Files.writeString(script, """
                const { chromium } = require(process.env.PLAYWRIGHT_PACKAGE);
                (async () => {
                  const base = process.env.BASE_URL;
                  const browser = await chromium.launch({ executablePath: process.env.BROWSER, headless: true });
                  const context = await browser.newContext();
                  const page = await context.newPage();
                  await page.goto(base);
                  await page.fill('#email', process.env.SITE_EMAIL);
                  await page.fill('[data-testid="password-input"]', process.env.SITE_PASSWORD);
                  await page.selectOption('[name="tenant"]', 'acme');
                  await page.check('[aria-label="Remember me"]');
                  await page.click('role=button[name="Sign in"s]');
                  await page.waitForURL(base + '/dashboard');
                  const state = await context.storageState();
                  await browser.close();
                  console.log('captured ' + state.cookies.length + ' cookies');
                })().catch(e => { console.error(e); process.exit(1); });
                """);
        return script;
    }

    private long node(Path driver, Path script, LoginTestSite site) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(driver.resolve("node").toString(), script.toString());
        builder.environment().put("PLAYWRIGHT_PACKAGE", driver.resolve("package").toString());
        builder.environment().put("BASE_URL", site.baseUrl());
        builder.environment().put("BROWSER", BrowserLocator.forThisMachine().locate(java.util.Optional.empty()).toString());
        builder.environment().put("SITE_EMAIL", LoginTestSite.EMAIL);
        builder.environment().put("SITE_PASSWORD", LoginTestSite.PASSWORD);
        return time(builder);
    }

    private long run(Map<String, String> extra, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.qodex.app.Launcher"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("QODEX_"));
        builder.environment().putAll(environment());
        builder.environment().putAll(extra);
        return time(builder);
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("QODEX_HOME", home.toString());
        environment.put("QODEX_PASSWORD", PASSWORD);
        environment.put("QODEX_EMAIL", "uma@example.com");
        return environment;
    }

    private static long time(ProcessBuilder builder) throws IOException, InterruptedException {
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(builder.command() + " failed");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void check(io.qodex.app.testing.Cli.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(result.err());
        }
    }
}
