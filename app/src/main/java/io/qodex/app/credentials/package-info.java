@NullMarked
package io.qodex.app.credentials;

import org.jspecify.annotations.NullMarked;
