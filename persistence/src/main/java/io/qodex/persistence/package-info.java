@NullMarked
package io.qodex.persistence;

import org.jspecify.annotations.NullMarked;
