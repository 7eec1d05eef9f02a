@NullMarked
package io.qodex.app.common;

import org.jspecify.annotations.NullMarked;
