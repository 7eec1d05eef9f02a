/** F5 project API keys: minted for CI, each a database login of its own, and what a key may read. */
@NullMarked
package io.qodex.domain.apikey;

import org.jspecify.annotations.NullMarked;
