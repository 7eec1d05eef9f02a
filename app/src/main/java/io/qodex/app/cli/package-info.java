@NullMarked
package io.qodex.app.cli;

import org.jspecify.annotations.NullMarked;
