@NullMarked
package io.qodex.app.adapters.crypto;

import org.jspecify.annotations.NullMarked;
