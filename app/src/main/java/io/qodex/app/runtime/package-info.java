@NullMarked
package io.qodex.app.runtime;

import org.jspecify.annotations.NullMarked;
