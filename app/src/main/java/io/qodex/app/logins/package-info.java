/**
 * The UI-login recorder's browser side (F8): {@link io.qodex.app.adapters.browser.PlaywrightLoginRunner} implements the
 * domain's {@code LoginRunner} with Playwright on one dedicated thread; the steps JSON codec; the storageState export.
 */
@NullMarked
package io.qodex.app.logins;

import io.qodex.app.adapters.browser.PlaywrightLoginRunner;
import org.jspecify.annotations.NullMarked;
