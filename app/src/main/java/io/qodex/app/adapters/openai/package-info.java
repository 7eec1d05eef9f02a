@NullMarked
package io.qodex.app.adapters.openai;

import org.jspecify.annotations.NullMarked;
