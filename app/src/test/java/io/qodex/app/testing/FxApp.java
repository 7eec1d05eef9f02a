package io.qodex.app.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts the real desktop app in-process (headless, Monocle) with a given environment, and finds its nodes. Asking
 * about a node that is in no open window ({@link #visible}, {@link #text}, {@link #node}) fails the test with
 * {@link NoSuchNode}: a renamed id must not pass as "hidden". A test that means "not there" says {@link #absent}.
 * While {@link #waitFor waiting}, a node not there yet only means "not yet".
 */
public final class FxApp {

    /** No node with the id in any open window. */
    public static final class NoSuchNode extends AssertionError {
        private static final long serialVersionUID = 1L;

        NoSuchNode(String id) {
            super("No node #" + id + " in any open window");
        }
    }

    private final FxRobot robot = new FxRobot();
    private final Stage stage;
    private final javafx.application.Application application;

    private FxApp(Stage stage, javafx.application.Application application) {
        this.stage = stage;
        this.application = application;
    }

    public static FxApp start(Map<String, String> environment, String... arguments) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        io.qodex.app.shell.TestHooks.environment(environment);
        javafx.application.Application application = FxToolkit.setupApplication(io.qodex.app.shell.DesktopApp.class,
                arguments);
        return new FxApp(stage, application);
    }

    public FxRobot robot() {
        return robot;
    }

    public Scene scene() {
        return stage.getScene();
    }

    public void stop() throws TimeoutException {
        FxToolkit.cleanupApplication(application);
        FxToolkit.cleanupStages();
    }

    /**
     * Waits (up to {@code seconds}) until the condition holds on the FX thread. A node the condition asks about that
     * is not there (yet) counts as "does not hold yet"; on timeout the message names it.
     */
    public void waitFor(int seconds, String what, Callable<Boolean> condition) {
        java.util.concurrent.atomic.AtomicReference<NoSuchNode> missing = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                try {
                    boolean holds = onFx(condition);
                    missing.set(null);
                    return holds;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof NoSuchNode notYet) {
                        missing.set(notYet);
                        return false;
                    }
                    throw e;
                }
            });
        } catch (TimeoutException e) {
            String picture = snapshotForDiagnosis(what);
            NoSuchNode absent = missing.get();
            AssertionError failure = new AssertionError("Timed out after " + seconds + " s waiting for: " + what
                    + (absent == null ? "" : " (" + absent.getMessage() + ")") + " (screen: " + picture + ")", e);
            if (absent != null) {
                failure.addSuppressed(absent);
            }
            throw failure;
        }
    }

    /** Writes what the window shows to target/test-failures/, for a failing wait. */
    private String snapshotForDiagnosis(String what) {
        try {
            java.nio.file.Path folder = java.nio.file.Path.of("target", "test-failures");
            java.nio.file.Files.createDirectories(folder);
            java.nio.file.Path file = folder.resolve(what.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.currentTimeMillis() + ".png");
            javafx.scene.image.WritableImage image = onFx(() -> stage.getScene().snapshot(null));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            return file.toAbsolutePath().toString();
        } catch (Exception e) {
            return "no snapshot (" + e.getMessage() + ")";
        }
    }

    public <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    public void fx(Runnable work) {
        read(() -> {
            work.run();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Runs {@code checks} with the window at {@code width} × {@code height} (waiting until the scene has that width),
     * then gives the window its size back, whatever the checks did: the next test gets the window as it was.
     */
    public void atSize(double width, double height, Runnable checks) {
        javafx.stage.Window window = scene().getWindow();
        double before = read(window::getWidth);
        double beforeHeight = read(window::getHeight);
        fx(() -> {
            window.setWidth(width);
            window.setHeight(height);
        });
        try {
            waitFor(10, "the window at " + (int) width + "×" + (int) height, () -> scene().getWidth() <= width);
            checks.run();
        } finally {
            fx(() -> {
                window.setWidth(before);
                window.setHeight(beforeHeight);
            });
        }
    }

    /** A node by id in any open window (the main one or a dialog); {@link NoSuchNode} if there is none. */
    @SuppressWarnings("unchecked")
    public <T extends Node> T node(String id) {
        Node node = read(() -> find(id));
        if (node == null) {
            throw new NoSuchNode(id);
        }
        return (T) node;
    }

    private @org.jspecify.annotations.Nullable Node find(String id) {
        Node inMain = stage.getScene().lookup("#" + id);
        if (inMain != null) {
            return inMain;
        }
        return robot.lookup("#" + id).tryQuery().orElse(null);
    }

    private Node existing(String id) {
        Node node = find(id);
        if (node == null) {
            throw new NoSuchNode(id);
        }
        return node;
    }

    /**
     * Whether the node is on screen: in a showing window, itself and every parent visible. False means it is there
     * but hidden; a node that is not there at all fails with {@link NoSuchNode} (see {@link #absent}).
     */
    public boolean visible(String id) {
        Optional<Boolean> shown = read(() -> {
            Node node = find(id);
            if (node == null) {
                return Optional.<Boolean>empty();
            }
            if (node.getScene() == null || node.getScene().getWindow() == null || !node.getScene().getWindow().isShowing()) {
                return Optional.of(false);
            }
            for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return Optional.of(false);
                }
            }
            return Optional.of(true);
        });
        return shown.orElseThrow(() -> new NoSuchNode(id));
    }

    /** Whether no open window has a node with this id (a dialog that closed, a page that is not shown). */
    public boolean absent(String id) {
        return read(() -> find(id) == null);
    }

    /** The text of a label, button or input; {@link NoSuchNode} if there is no such node. */
    public String text(String id) {
        return read(() -> {
            Node node = existing(id);
            if (node instanceof Labeled labeled) {
                return labeled.getText();
            }
            if (node instanceof TextInputControl input) {
                return input.getText();
            }
            return node.toString();
        });
    }

    /** Runs on the FX thread and returns the value; a {@link NoSuchNode} (or any error) comes out as itself. */
    public <T> T read(Callable<T> work) {
        try {
            return onFx(work);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Types into a field the way a person does: click, select all, type (key events). */
    public void type(String id, String text) {
        scrollIntoView(id);
        robot.clickOn("#" + id);
        fx(() -> ((TextInputControl) existing(id)).clear());
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the nearest scroll pane so that the node is on screen (robots only click what is visible). */
    public void scrollIntoView(String id) {
        fx(() -> {
            Node node = existing(id);
            for (Node parent = node.getParent(); parent != null; parent = parent.getParent()) {
                if (parent instanceof javafx.scene.control.ScrollPane pane && pane.getContent() != null) {
                    double contentHeight = pane.getContent().getBoundsInLocal().getHeight();
                    double viewport = pane.getViewportBounds().getHeight();
                    double y = pane.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    if (contentHeight > viewport) {
                        pane.setVvalue(Math.max(0, Math.min(1, (y - 20) / (contentHeight - viewport))));
                    }
                    pane.layout();
                    break;
                }
            }
        });
    }

    public void click(String id) {
        scrollIntoView(id);
        robot.clickOn("#" + id);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
