/** F11 in the app: the spend view (charts, cap gauges, the filtered table of calls, CSV export). */
@NullMarked
package io.qodex.app.spend;

import org.jspecify.annotations.NullMarked;
