@NullMarked
package io.qodex.app.adapters.mail;

import org.jspecify.annotations.NullMarked;
