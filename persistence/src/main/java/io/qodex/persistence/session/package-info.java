@NullMarked
package io.qodex.persistence.session;

import org.jspecify.annotations.NullMarked;
