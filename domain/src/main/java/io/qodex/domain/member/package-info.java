@NullMarked
package io.qodex.domain.member;

import org.jspecify.annotations.NullMarked;
