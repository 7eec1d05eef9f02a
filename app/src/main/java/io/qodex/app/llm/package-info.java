@NullMarked
package io.qodex.app.llm;

import org.jspecify.annotations.NullMarked;
