package io.qodex.domain.llm;

import io.qodex.domain.account.OrgRole;
import io.qodex.domain.account.Account;
import io.qodex.domain.common.QodexException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prices of models on a day (F10). The table is small and read on every call, so it is cached for a minute; a call
 * is priced by the newest version valid on its UTC day. A dated snapshot name ({@code gpt-4o-2024-08-06}) falls
 * back to its family's price when it has none of its own.
 */
public final class Prices {

    private static final Duration CACHE_FOR = Duration.ofMinutes(1);
    private static final Pattern SNAPSHOT = Pattern.compile("^(.+)-\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern MODEL = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$");

    private final Account account;
    private final PriceBook book;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(Map<String, List<ModelPrice>> byModel, Instant loadedAt) {
    }

    public Prices(Account account, PriceBook book, Clock clock) {
        this.account = account;
        this.book = book;
        this.clock = clock;
    }

    /** Every version, by model, newest version first. */
    public List<ModelPrice> list() {
        return book.all(account.orgId()).stream()
                .sorted(Comparator.comparing(ModelPrice::provider).thenComparing(ModelPrice::model)
                        .thenComparing(ModelPrice::validFrom, Comparator.reverseOrder()))
                .toList();
    }

    /** The versions in force today, one per model. */
    public List<ModelPrice> current() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<ModelPrice> current = new ArrayList<>();
        for (List<ModelPrice> versions : table().values()) {
            pick(versions, today).ifPresent(current::add);
        }
        current.sort(Comparator.comparing(ModelPrice::provider).thenComparing(ModelPrice::model));
        return current;
    }

    public Optional<ModelPrice> find(LlmProvider provider, String model, LocalDate day) {
        Map<String, List<ModelPrice>> table = table();
        Optional<ModelPrice> exact = pick(table.getOrDefault(key(provider, model), List.of()), day);
        if (exact.isPresent()) {
            return exact;
        }
        var snapshot = SNAPSHOT.matcher(model);
        return snapshot.matches() ? pick(table.getOrDefault(key(provider, snapshot.group(1)), List.of()), day)
                : Optional.empty();
    }

    /** Sets the price of a model from today on (org admins). Cached input defaults to the input price. */
    public ModelPrice set(LlmProvider provider, String model, TokenRate input, TokenRate output, Optional<TokenRate> cachedInput) {
        if (account.orgRole() != OrgRole.ADMIN) {
            throw QodexException.notAllowed("Only an organization admin can change prices (of the current organization).");
        }
        String name = model == null ? "" : model.strip();
        if (!MODEL.matcher(name).matches()) {
            throw QodexException.invalid("model", "\"" + model + "\" is not a model name.");
        }
        provider.requireLive();
        ModelPrice price = new ModelPrice(provider, name, LocalDate.now(clock.withZone(ZoneOffset.UTC)), input, output,
                cachedInput.orElse(input));
        book.save(account.orgId(), price);
        cached = null;
        return price;
    }

    private static Optional<ModelPrice> pick(List<ModelPrice> versions, LocalDate day) {
        ModelPrice best = null;
        for (ModelPrice price : versions) {
            if (!price.validFrom().isAfter(day) && (best == null || price.validFrom().isAfter(best.validFrom()))) {
                best = price;
            }
        }
        return Optional.ofNullable(best);
    }

    private Map<String, List<ModelPrice>> table() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current == null || current.loadedAt().plus(CACHE_FOR).isBefore(now)) {
            try {
                current = new Cached(book.all(account.orgId()).stream().collect(Collectors.groupingBy(
                        p -> key(p.provider(), p.model()), TreeMap::new, Collectors.toList())), now);
                cached = current;
            } catch (QodexException unreachable) {
                if (current == null) {
                    throw unreachable;
                }
                // keep pricing with what we have while the database is away; try again after another minute
                cached = new Cached(current.byModel(), now);
            }
        }
        return current.byModel();
    }

    private static String key(LlmProvider provider, String model) {
        return provider.code() + "/" + model;
    }
}
