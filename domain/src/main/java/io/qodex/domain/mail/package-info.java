@NullMarked
package io.qodex.domain.mail;

import org.jspecify.annotations.NullMarked;
