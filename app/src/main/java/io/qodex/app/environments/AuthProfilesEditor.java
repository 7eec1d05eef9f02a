package io.qodex.app.environments;

import atlantafx.base.theme.Styles;
import io.qodex.app.common.Icons;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The Auth profiles tab: a card per profile (recycled like the variable rows) and "Add profile". */
final class AuthProfilesEditor extends StackPane {

    private final AuthProfilesModel model;
    private final boolean canEdit;
    private final VBox cards = new VBox(12);
    private final Label none = new Label("No auth profile yet. A profile (admin, user, viewer…) holds the login of "
            + "one kind of user: email, password, a static token, an HTTP login, or a recorded UI login.");
    private final List<AuthProfileCard> made = new ArrayList<>();

    AuthProfilesEditor(AuthProfilesModel model, boolean canEdit) {
        this.model = model;
        this.canEdit = canEdit;
        setAlignment(Pos.TOP_LEFT);
        cards.setId("env-profiles");
        none.setWrapText(true);
        none.getStyleClass().add(Styles.TEXT_MUTED);
        none.managedProperty().bind(none.visibleProperty());
        cards.getChildren().add(none);
        TextField newName = new TextField();
        newName.setId("env-new-profile-name");
        newName.setPromptText("admin");
        newName.textProperty().bindBidirectional(model.newName());
        Button add = new Button("Add profile", Icons.of(Feather.USER_PLUS));
        add.setId("env-add-profile");
        add.disableProperty().bind(model.canAdd().not());
        add.setOnAction(e -> model.add());
        newName.setOnAction(e -> add.fire());
        HBox adder = new HBox(8, newName, add);
        adder.setVisible(canEdit);
        getChildren().add(new VBox(12, cards, adder));
        model.profiles().addListener((ListChangeListener<AuthProfileModel>) change -> showCards());
        showCards();
    }

    private void showCards() {
        List<AuthProfileModel> current = model.profiles();
        while (made.size() < current.size()) {
            AuthProfileCard card = new AuthProfileCard(made.size(), canEdit);
            made.add(card);
            cards.getChildren().add(card);
        }
        for (int i = 0; i < made.size(); i++) {
            made.get(i).show(i < current.size() ? current.get(i) : null);
        }
        none.setVisible(current.isEmpty());
    }
}
