/** F10/F11 persistence: the cap ledger, prices, the usage-log writer with its spool, spend queries. */
@NullMarked
package io.qodex.persistence.llm;

import org.jspecify.annotations.NullMarked;
