package io.qodex.app.spend;

import atlantafx.base.theme.Styles;
import io.qodex.domain.llm.CallOutcome;
import io.qodex.domain.spend.CallEntry;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import org.jspecify.annotations.Nullable;

/** A call's outcome in the table: ok in green, cancelled in amber, anything else in red with the error as tooltip. */
final class OutcomeCell extends TableCell<CallEntry, CallEntry> {

    @Override
    protected void updateItem(@Nullable CallEntry call, boolean empty) {
        super.updateItem(call, empty);
        getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
        if (empty || call == null) {
            setText(null);
            setTooltip(null);
            return;
        }
        setText(call.outcome().code());
        getStyleClass().add(call.outcome() == CallOutcome.OK ? Styles.SUCCESS
                : call.outcome() == CallOutcome.CANCELLED ? Styles.WARNING : Styles.DANGER);
        setTooltip(call.error().map(Tooltip::new).orElse(null));
    }
}
