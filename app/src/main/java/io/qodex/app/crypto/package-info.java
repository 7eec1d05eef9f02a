@NullMarked
package io.qodex.app.crypto;

import org.jspecify.annotations.NullMarked;
