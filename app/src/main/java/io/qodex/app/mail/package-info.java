@NullMarked
package io.qodex.app.mail;

import org.jspecify.annotations.NullMarked;
