/** Environments (F6, F7) in the app: the HTTP login adapter and environment files (JSON export and import). */
@NullMarked
package io.qodex.app.environments;

import org.jspecify.annotations.NullMarked;
