@NullMarked
package io.qodex.app.runtime.config;

import org.jspecify.annotations.NullMarked;
