/** F11 spend: breakdowns and series from the rollups, the table of calls, CSV export. */
@NullMarked
package io.qodex.domain.spend;

import org.jspecify.annotations.NullMarked;
