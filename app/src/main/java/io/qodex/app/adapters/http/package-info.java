@NullMarked
package io.qodex.app.adapters.http;

import org.jspecify.annotations.NullMarked;
