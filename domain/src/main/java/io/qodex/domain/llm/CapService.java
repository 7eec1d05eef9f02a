package io.qodex.domain.llm;

import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** F10 caps: the gauges' numbers, changing caps (org admins), and admission of platform-funded calls. */
public final class CapService {

    private final Account account;
    private final CapLedger ledger;
    private final Clock clock;

    public CapService(Account account, CapLedger ledger, Clock clock) {
        this.account = account;
        this.ledger = ledger;
        this.clock = clock;
    }

    public CapReport report(Project project) {
        return report(project.id());
    }

    public CapReport report(long projectId) {
        ProjectCaps caps = ledger.caps(projectId);
        return new CapReport(projectId, caps, status(projectId, CapWindow.FIVE_HOUR, caps),
                status(projectId, CapWindow.WEEKLY, caps));
    }

    private WindowStatus status(long projectId, CapWindow window, ProjectCaps caps) {
        return WindowStatus.of(window, caps.cap(window), ledger.events(projectId, window), clock.instant());
    }

    public ProjectCaps set(Project project, Money fiveHour, Money weekly) {
        if (!account.organizations().administers(project.orgId())) {
            throw QodexException.notAllowed("Only an organization admin can change the caps.");
        }
        ledger.setCaps(project.id(), fiveHour, weekly);
        return ledger.caps(project.id());
    }

    /**
     * Reserves the call's worst case. Refused: the window whose cap is in the way and when enough usage will have
     * rolled out (computed from that window's events).
     */
    public Admission admit(long projectId, UUID callId, Money worstCase, Duration ttl) {
        CapLedger.Reservation seen = ledger.reserve(projectId, callId, worstCase, ttl);
        if (seen.admitted()) {
            Optional<Admission.CapWarning> warning = Optional.empty();
            for (CapWindow window : CapWindow.values()) {
                Money after = seen.used(window).plus(worstCase);
                if (after.basisPointsOf(seen.cap(window)) >= WindowStatus.WARN_AT_BASIS_POINTS
                        && (warning.isEmpty() || after.basisPointsOf(seen.cap(window))
                        > warning.get().used().basisPointsOf(warning.get().cap()))) {
                    warning = Optional.of(new Admission.CapWarning(window, after, seen.cap(window)));
                }
            }
            return new Admission.Admitted(warning);
        }
        Admission.Refused worst = null;
        for (CapWindow window : CapWindow.values()) {
            if (!seen.used(window).plus(worstCase).exceeds(seen.cap(window))) {
                continue;
            }
            WindowStatus status = WindowStatus.of(window, seen.cap(window), ledger.events(projectId, window), clock.instant());
            // the events are read after the reservation was refused; usage may have moved meanwhile, the caps did not
            Optional<Duration> wait = status.roomFor(worstCase);
            Admission.Refused refused = new Admission.Refused(window, seen.used(window), seen.cap(window), worstCase, wait);
            if (worst == null || later(refused, worst)) {
                worst = refused;
            }
        }
        if (worst == null) { // refused although neither window looked full: report the 5-hour one
            return new Admission.Refused(CapWindow.FIVE_HOUR, seen.fiveHourUsed(), seen.fiveHourCap(), worstCase,
                    Optional.of(Duration.ZERO));
        }
        return worst;
    }

    private static boolean later(Admission.Refused a, Admission.Refused b) {
        if (a.retryAfter().isEmpty()) {
            return true;
        }
        return b.retryAfter().isPresent() && a.retryAfter().get().compareTo(b.retryAfter().get()) > 0;
    }

    public void release(UUID callId) {
        ledger.release(callId);
    }
}
