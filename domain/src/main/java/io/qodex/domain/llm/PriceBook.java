package io.qodex.domain.llm;

import java.util.List;

/**
 * The versioned price table {@code llm_prices} (port), per organization (decision 0030): an organization's own rows for
 * a model replace the installation's defaults for it; its members read them, its admins add versions.
 */
public interface PriceBook {

    /** Every version of every model priced for the organization (its own rows, else the defaults). */
    List<ModelPrice> all(long orgId);

    /** Adds a version for the organization (or replaces the one with the same provider, model and start day). */
    void save(long orgId, ModelPrice price);
}
