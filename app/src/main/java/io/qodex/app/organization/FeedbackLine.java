package io.qodex.app.organization;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/** A dialog's message line: a view model's {@link Feedback}, in success colours or, for a refusal, in danger ones. */
final class FeedbackLine {

    private FeedbackLine() {
    }

    static Label bound(String id, ObservableValue<Feedback> feedback) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        show(label, feedback.getValue());
        feedback.addListener((obs, old, now) -> show(label, now));
        return label;
    }

    private static void show(Label label, Feedback feedback) {
        label.setText(feedback.text());
        label.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
        if (!feedback.text().isEmpty()) {
            label.getStyleClass().add(feedback.problem() ? Styles.DANGER : Styles.SUCCESS);
        }
    }
}
