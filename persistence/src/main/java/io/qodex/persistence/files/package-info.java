@NullMarked
package io.qodex.persistence.files;

import org.jspecify.annotations.NullMarked;
