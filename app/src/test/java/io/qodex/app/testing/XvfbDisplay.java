package io.qodex.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A display for tests that drive a visible browser: {@code $DISPLAY} when set (CI's Xvfb, a developer's desktop),
 * else an {@code Xvfb :N} of our own on the first free display number, started once per test JVM and stopped when
 * it ends. Use with {@code @ExtendWith(XvfbDisplay.class)} and read {@link #display()}.
 */
public final class XvfbDisplay implements BeforeAllCallback {

    private static String display;

    @Override
    public void beforeAll(ExtensionContext context) {
        display();
    }

    /** The display to use, e.g. {@code :99}. */
    public static synchronized String display() {
        if (display == null) {
            String inherited = System.getenv("DISPLAY");
            display = inherited != null && !inherited.isBlank() ? inherited : startXvfb();
        }
        return display;
    }

    private static String startXvfb() {
        for (int number = 90; number < 200; number++) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            if (Files.exists(Path.of("/tmp/.X" + number + "-lock")) || Files.exists(socket)) {
                continue;
            }
            Process xvfb;
            try {
                xvfb = new ProcessBuilder(List.of("Xvfb", ":" + number, "-screen", "0", "1280x800x24", "-nolisten", "tcp"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new IllegalStateException("No DISPLAY is set and Xvfb could not be started (apt-get install xvfb)", e);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && xvfb.isAlive() && !Files.exists(socket)) {
                sleep();
            }
            if (xvfb.isAlive() && Files.exists(socket)) {
                Runtime.getRuntime().addShutdownHook(new Thread(xvfb::destroy, "xvfb-stop"));
                return ":" + number;
            }
            xvfb.destroy(); // lost a race for this number: try the next
        }
        throw new IllegalStateException("No free X display number between :90 and :199 for Xvfb");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
