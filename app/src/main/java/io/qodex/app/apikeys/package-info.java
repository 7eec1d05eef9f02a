/** {@code /p/{slug}/api-keys}: the project's keys for CI. */
@NullMarked
package io.qodex.app.apikeys;

import org.jspecify.annotations.NullMarked;
