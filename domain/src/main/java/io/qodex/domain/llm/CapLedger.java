package io.qodex.domain.llm;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The database's accounting of platform-funded spend (port). {@link #reserve} is atomic per project: however many
 * desktops race, each admission sees every earlier reservation and logged row.
 */
public interface CapLedger {

    ProjectCaps caps(long projectId);

    /** Org admins only (the database refuses anyone else). */
    void setCaps(long projectId, Money fiveHour, Money weekly);

    /** Reserves {@code amount} for call {@code callId} if both windows have room; expires after {@code ttl}. */
    Reservation reserve(long projectId, UUID callId, Money amount, Duration ttl);

    /** Gives back the reservation of a call that never reached the provider. */
    void release(UUID callId);

    /** The platform-funded spend in the window ending now, ordered by when it leaves the window. */
    List<CapEvent> events(long projectId, CapWindow window);

    /** What {@link #reserve} saw: usage before this call and the caps, per window. */
    record Reservation(boolean admitted, Money fiveHourUsed, Money fiveHourCap, Money weeklyUsed, Money weeklyCap) {

        public Money used(CapWindow window) {
            return window == CapWindow.FIVE_HOUR ? fiveHourUsed : weeklyUsed;
        }

        public Money cap(CapWindow window) {
            return window == CapWindow.FIVE_HOUR ? fiveHourCap : weeklyCap;
        }
    }
}
