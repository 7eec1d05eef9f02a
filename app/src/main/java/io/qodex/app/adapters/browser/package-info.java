@NullMarked
package io.qodex.app.adapters.browser;

import org.jspecify.annotations.NullMarked;
