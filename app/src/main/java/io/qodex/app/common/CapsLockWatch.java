package io.qodex.app.common;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;

/**
 * Guesses Caps Lock from typed letters (an upper-case letter without Shift, or lower-case with Shift), which works
 * on every platform without asking the windowing system.
 */
public final class CapsLockWatch {

    private CapsLockWatch() {
    }

    public static BooleanProperty watch(TextInputControl... fields) {
        BooleanProperty on = new SimpleBooleanProperty(false);
        for (TextInputControl field : fields) {
            field.addEventFilter(KeyEvent.KEY_TYPED, event -> {
                String typed = event.getCharacter();
                if (typed.length() == 1 && Character.isLetter(typed.charAt(0))
                        && Character.toUpperCase(typed.charAt(0)) != Character.toLowerCase(typed.charAt(0))) {
                    boolean upper = Character.isUpperCase(typed.charAt(0));
                    on.set(upper != event.isShiftDown());
                }
            });
        }
        return on;
    }
}
