@NullMarked
package io.qodex.domain.common;

import org.jspecify.annotations.NullMarked;
