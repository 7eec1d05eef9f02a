package io.qodex.app.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;

/** Read-only table columns of text computed from the row. */
public final class Tables {

    private Tables() {
    }

    /** A column showing {@code value(row)}, {@code width} wide (it may shrink to 80 % of that). */
    public static <T> TableColumn<T, String> text(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(width * 0.8);
        return column;
    }
}
