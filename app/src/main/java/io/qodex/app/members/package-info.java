@NullMarked
package io.qodex.app.members;

import org.jspecify.annotations.NullMarked;
