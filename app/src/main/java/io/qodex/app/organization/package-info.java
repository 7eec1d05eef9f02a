/**
 * The organization's LLM settings, for org admins: the platform key, the price table, and a project's caps on
 * platform-funded spend (dialogs opened from the spend view).
 */
@NullMarked
package io.qodex.app.organization;

import org.jspecify.annotations.NullMarked;
