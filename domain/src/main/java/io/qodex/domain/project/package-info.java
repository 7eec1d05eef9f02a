@NullMarked
package io.qodex.domain.project;

import org.jspecify.annotations.NullMarked;
