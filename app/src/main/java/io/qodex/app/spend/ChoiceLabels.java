package io.qodex.app.spend;

import java.util.function.Function;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

/** How the spend page's combo boxes name their choices, the empty ("all") choice included. */
final class ChoiceLabels {

    private ChoiceLabels() {
    }

    /** Names the choices in the list and on the button, where null is a choice too ("All models"). */
    static <T> void nullable(ComboBox<T> box, Function<@Nullable T, String> label) {
        box.setConverter(converter(label));
        box.setButtonCell(new NullableCell<>(label));
        box.setCellFactory(list -> new NullableCell<>(label));
    }

    /** A converter for choices that are picked, never typed. */
    static <T> StringConverter<T> converter(Function<@Nullable T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(@Nullable T value) {
                return label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("choices are picked, not typed");
            }
        };
    }

    /** A combo box's button that shows the "all" text for the empty choice too. */
    private static final class NullableCell<T> extends ListCell<T> {
        private final Function<@Nullable T, String> label;

        NullableCell(Function<@Nullable T, String> label) {
            this.label = label;
        }

        @Override
        protected void updateItem(@Nullable T item, boolean empty) {
            super.updateItem(item, empty);
            setText(label.apply(empty ? null : item));
        }
    }
}
