@NullMarked
package io.qodex.persistence.entity;

import org.jspecify.annotations.NullMarked;
