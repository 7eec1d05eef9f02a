package io.qodex.persistence.llm;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmProvider;
import io.qodex.domain.llm.ModelPrice;
import io.qodex.domain.llm.PriceBook;
import io.qodex.domain.llm.TokenRate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code llm_prices}: an organization's rows and the installation's defaults, read by its members and written by its
 * admins (row-level security); its own rows for a model hide the defaults for that model.
 */
public final class JdbcPriceBook implements PriceBook {

    private final DataSource pool;

    public JdbcPriceBook(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<ModelPrice> all(long orgId) {
        return Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select provider, model, valid_from, input_usd_per_mtok, "
                    + "output_usd_per_mtok, cached_usd_per_mtok from llm_prices d where d.org_id = ? "
                    + "or (d.org_id is null and not exists (select 1 from llm_prices o where o.org_id = ? "
                    + "and o.provider = d.provider and o.model = d.model)) order by provider, model, valid_from")) {
                p.setLong(1, orgId);
                p.setLong(2, orgId);
                try (ResultSet rs = p.executeQuery()) {
                List<ModelPrice> prices = new ArrayList<>();
                while (rs.next()) {
                    LlmProvider provider;
                    try {
                        provider = LlmProvider.parse(rs.getString(1));
                    } catch (QodexException unknown) {
                        continue; // a provider this version does not know
                    }
                    prices.add(new ModelPrice(provider, rs.getString(2), rs.getObject(3, LocalDate.class),
                            TokenRate.ofUsdPerMillion(rs.getBigDecimal(4)), TokenRate.ofUsdPerMillion(rs.getBigDecimal(5)),
                            TokenRate.ofUsdPerMillion(rs.getBigDecimal(6))));
                }
                return prices;
                }
            }
        });
    }

    @Override
    public void save(long orgId, ModelPrice price) {
        Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into llm_prices (provider, model, valid_from, "
                    + "input_usd_per_mtok, output_usd_per_mtok, cached_usd_per_mtok, created_by, org_id) "
                    + "values (?, ?, ?, ?, ?, ?, app_user_id(), ?) on conflict (org_id, provider, model, valid_from) do update set "
                    + "input_usd_per_mtok = excluded.input_usd_per_mtok, output_usd_per_mtok = excluded.output_usd_per_mtok, "
                    + "cached_usd_per_mtok = excluded.cached_usd_per_mtok, created_by = excluded.created_by, "
                    + "created_at = now()")) {
                p.setString(1, price.provider().code());
                p.setString(2, price.model());
                p.setObject(3, price.validFrom());
                p.setBigDecimal(4, price.input().usdPerMillion());
                p.setBigDecimal(5, price.output().usdPerMillion());
                p.setBigDecimal(6, price.cachedInput().usdPerMillion());
                p.setLong(7, orgId);
                p.executeUpdate();
            }
            return null;
        });
    }
}
