package io.qodex.domain.llm;

import java.util.List;

/** The versioned price table {@code llm_prices} (port): everyone reads, org admins add versions. */
public interface PriceBook {

    /** Every version of every model, oldest first per model. */
    List<ModelPrice> all();

    /** Adds a version (or replaces the one with the same provider, model and start day). */
    void save(ModelPrice price);
}
