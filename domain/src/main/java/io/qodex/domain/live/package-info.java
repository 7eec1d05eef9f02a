@NullMarked
package io.qodex.domain.live;

import org.jspecify.annotations.NullMarked;
