@NullMarked
package io.qodex.domain.account;

import org.jspecify.annotations.NullMarked;
