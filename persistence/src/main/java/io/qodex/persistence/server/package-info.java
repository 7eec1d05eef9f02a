@NullMarked
package io.qodex.persistence.server;

import org.jspecify.annotations.NullMarked;
