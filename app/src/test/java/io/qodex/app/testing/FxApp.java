package io.qodex.app.testing;

import java.util.Map;
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

/** Starts the real desktop app in-process (headless, Monocle) with a given environment, and finds its nodes. */
public final class FxApp {

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

    /** Waits (up to {@code seconds}) until the condition holds on the FX thread. */
    public void waitFor(int seconds, String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            String picture = snapshotForDiagnosis(what);
            throw new AssertionError("Timed out after " + seconds + " s waiting for: " + what + " (screen: " + picture + ")", e);
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
        try {
            WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A node by id in any open window (the main one or a dialog). */
    @SuppressWarnings("unchecked")
    public <T extends Node> T node(String id) {
        try {
            return onFx(() -> (T) find(id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Node find(String id) {
        Node inMain = stage.getScene().lookup("#" + id);
        if (inMain != null) {
            return inMain;
        }
        return robot.lookup("#" + id).tryQuery().orElse(null);
    }

    public boolean visible(String id) {
        try {
            return onFx(() -> {
                Node node = find(id);
                if (node == null || node.getScene() == null || node.getScene().getWindow() == null
                        || !node.getScene().getWindow().isShowing()) {
                    return false;
                }
                for (Node n = node; n != null; n = n.getParent()) {
                    if (!n.isVisible()) {
                        return false;
                    }
                }
                return true;
            });
        } catch (Exception e) {
            return false;
        }
    }

    public String text(String id) {
        try {
            return onFx(() -> {
                Node node = find(id);
                if (node instanceof Labeled labeled) {
                    return labeled.getText();
                }
                if (node instanceof TextInputControl input) {
                    return input.getText();
                }
                return node == null ? null : node.toString();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Types into a field the way a person does: click, select all, type (key events). */
    public void type(String id, String text) {
        scrollIntoView(id);
        robot.clickOn("#" + id);
        fx(() -> ((TextInputControl) find(id)).clear());
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the nearest scroll pane so that the node is on screen (robots only click what is visible). */
    public void scrollIntoView(String id) {
        fx(() -> {
            Node node = find(id);
            for (Node parent = node == null ? null : node.getParent(); parent != null; parent = parent.getParent()) {
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
