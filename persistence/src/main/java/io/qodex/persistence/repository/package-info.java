@NullMarked
package io.qodex.persistence.repository;

import org.jspecify.annotations.NullMarked;
