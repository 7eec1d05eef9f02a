package io.qodex.persistence.llm;

import io.qodex.domain.llm.CapEvent;
import io.qodex.domain.llm.CapLedger;
import io.qodex.domain.llm.CapWindow;
import io.qodex.domain.llm.Money;
import io.qodex.domain.llm.ProjectCaps;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The cap functions of V6 ({@code llm_reserve}, {@code llm_window_events}, {@code llm_caps}, {@code llm_set_caps}). */
public final class JdbcCapLedger implements CapLedger {

    private final DataSource pool;

    public JdbcCapLedger(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public ProjectCaps caps(long projectId) {
        return Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select five_hour_micros, weekly_micros, is_default from llm_caps(?)")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new ProjectCaps(Money.ofMicros(rs.getLong(1)), Money.ofMicros(rs.getLong(2)), rs.getBoolean(3));
                }
            }
        });
    }

    @Override
    public void setCaps(long projectId, Money fiveHour, Money weekly) {
        Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select llm_set_caps(?, ?, ?)")) {
                p.setLong(1, projectId);
                p.setLong(2, fiveHour.micros());
                p.setLong(3, weekly.micros());
                p.execute();
            }
            return null;
        });
    }

    @Override
    public Reservation reserve(long projectId, UUID callId, Money amount, Duration ttl) {
        return Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select admitted, five_hour_used, five_hour_cap, weekly_used, "
                    + "weekly_cap from llm_reserve(?, ?, ?, ?)")) {
                p.setLong(1, projectId);
                p.setObject(2, callId);
                p.setLong(3, amount.micros());
                p.setInt(4, (int) Math.min(86_400, Math.max(1, ttl.toSeconds())));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new Reservation(rs.getBoolean(1), Money.ofMicros(rs.getLong(2)), Money.ofMicros(rs.getLong(3)),
                            Money.ofMicros(rs.getLong(4)), Money.ofMicros(rs.getLong(5)));
                }
            }
        });
    }

    @Override
    public void release(UUID callId) {
        Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select llm_release(?)")) {
                p.setObject(1, callId);
                p.execute();
            }
            return null;
        });
    }

    @Override
    public List<CapEvent> events(long projectId, CapWindow window) {
        return Autocommit.run(pool, c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "select occurred_at, leaves_at, amount_micros from llm_window_events(?, ?)")) {
                p.setLong(1, projectId);
                p.setInt(2, (int) window.length().toSeconds());
                try (ResultSet rs = p.executeQuery()) {
                    List<CapEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        events.add(new CapEvent(rs.getObject(1, OffsetDateTime.class).toInstant(),
                                rs.getObject(2, OffsetDateTime.class).toInstant(), Money.ofMicros(rs.getLong(3))));
                    }
                    return events;
                }
            }
        });
    }
}
