@NullMarked
package io.qodex.app.account;

import org.jspecify.annotations.NullMarked;
