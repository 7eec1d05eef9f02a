@NullMarked
package io.qodex.domain.secret;

import org.jspecify.annotations.NullMarked;
