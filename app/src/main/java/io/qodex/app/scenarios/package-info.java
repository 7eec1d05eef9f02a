/**
 * {@code /p/{slug}/scenarios} (F14): the project's API test scenarios, an editor for one (its steps as lines of
 * {@code Name: value}, {@code path = json} and {@code VAR = $.path}), runs against the active environment with live
 * progress per step, export and import. The page ({@link io.qodex.app.scenarios.ScenariosView}) assembles its parts:
 * the list, the editor, the step form and the run pane; the view models own parsing, validation and the service calls.
 */
@NullMarked
package io.qodex.app.scenarios;

import org.jspecify.annotations.NullMarked;
