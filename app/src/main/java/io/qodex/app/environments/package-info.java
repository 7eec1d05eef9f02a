/**
 * Environments (F6, F7) in the window: the page ({@code EnvironmentsView}) and the parts it assembles (list cell,
 * editor, tabs, dialogs), their view models ({@code EnvironmentsViewModel} and one model per tab), the toolbar's
 * switcher and the palette.
 */
@NullMarked
package io.qodex.app.environments;

import org.jspecify.annotations.NullMarked;
