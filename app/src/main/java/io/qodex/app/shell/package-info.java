@NullMarked
package io.qodex.app.shell;

import org.jspecify.annotations.NullMarked;
