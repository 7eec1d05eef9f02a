@NullMarked
package io.qodex.app.adapters.files;

import org.jspecify.annotations.NullMarked;
