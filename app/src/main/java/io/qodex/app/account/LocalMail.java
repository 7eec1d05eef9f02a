package io.qodex.app.account;

import atlantafx.base.theme.Styles;
import io.qodex.app.adapters.mail.LocalOutbox;
import io.qodex.app.common.Icons;
import io.qodex.app.common.Tasks;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Local mode's mail on the sign-in cards: where the mail folder is (the path, a copy button, and an attempt to open
 * it, which some desktops cannot), and "fill in the code" from the newest mail to the address typed.
 */
final class LocalMail {

    private final LocalOutbox outbox;
    private final Consumer<String> openFolder;

    LocalMail(Path folder, Consumer<String> openFolder) {
        this.outbox = new LocalOutbox(folder);
        this.openFolder = openFolder;
    }

    /** "Local mode: mail goes to <path>" with Copy and Open. */
    Node footer() {
        Label heading = new Label("Local mode: codes are mailed into this folder", Icons.of(Feather.INBOX, 12));
        heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        TextField path = new TextField(outbox.folder().toString());
        path.setId("outbox-path");
        path.setEditable(false);
        path.setFocusTraversable(false);
        path.getStyleClass().add(Styles.SMALL);
        HBox.setHgrow(path, Priority.ALWAYS);
        Button copy = new Button("Copy", Icons.of(Feather.COPY, 12));
        copy.setId("outbox-copy");
        copy.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(outbox.folder().toString());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        Hyperlink open = new Hyperlink("Open");
        open.setId("open-outbox");
        open.getStyleClass().add(Styles.TEXT_SMALL);
        open.setOnAction(e -> openFolder.accept(outbox.folder().toUri().toString()));
        HBox row = new HBox(6, path, copy, open);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, heading, row);
    }

    /** "Fill in the code from the local outbox": the newest code mailed to {@code email}, read off the FX thread. */
    Node fillCode(String id, StringProperty email, StringProperty code) {
        Label result = new Label();
        result.setId(id + "-result");
        result.setWrapText(true);
        result.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Hyperlink fill = new Hyperlink("Fill in the code from the local outbox");
        fill.setId(id);
        fill.setOnAction(e -> {
            String address = email.get() == null ? "" : email.get().strip();
            if (address.isEmpty()) {
                result.setText("Type the email address first.");
                return;
            }
            fill.setDisable(true);
            Tasks.run(() -> outbox.newestCode(address))
                    .onSuccess(found -> {
                        found.ifPresent(code::set);
                        result.setText(found.isPresent() ? "Filled in the newest code mailed to " + address + "."
                                : "No code for " + address + " in the outbox yet: it arrives within a few seconds.");
                    })
                    .onError(problem -> result.setText(problem.getMessage()))
                    .onFinally(() -> fill.setDisable(false))
                    .start();
        });
        return new VBox(2, fill, result);
    }
}
