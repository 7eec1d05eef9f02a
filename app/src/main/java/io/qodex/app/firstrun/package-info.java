@NullMarked
package io.qodex.app.firstrun;

import org.jspecify.annotations.NullMarked;
