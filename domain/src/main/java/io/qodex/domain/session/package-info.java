@NullMarked
package io.qodex.domain.session;

import org.jspecify.annotations.NullMarked;
