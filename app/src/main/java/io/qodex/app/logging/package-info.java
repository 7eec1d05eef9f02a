@NullMarked
package io.qodex.app.logging;

import org.jspecify.annotations.NullMarked;
