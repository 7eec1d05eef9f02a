@NullMarked
package io.qodex.domain.llm;

import org.jspecify.annotations.NullMarked;
