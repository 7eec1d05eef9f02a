@NullMarked
package io.qodex.app.config;

import org.jspecify.annotations.NullMarked;
