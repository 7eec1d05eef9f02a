/**
 * {@code /p/{slug}/findings} (F14): the failed expectations of the project's scenario runs, newest first, each with
 * the excerpt of the response it was found in.
 */
@NullMarked
package io.qodex.app.findings;

import org.jspecify.annotations.NullMarked;
