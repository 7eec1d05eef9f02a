/** Live refresh (F6): the database announces changes (ids only) and clients re-query through row-level security. */
@NullMarked
package io.qodex.domain.live;

import org.jspecify.annotations.NullMarked;
