package io.qodex.app.runtime;

import io.qodex.domain.session.SignedIn;
import io.qodex.domain.assistant.AssistantService;
import io.qodex.domain.assistant.MemoryService;
import io.qodex.domain.llm.CapService;
import io.qodex.domain.llm.GatewayService;
import io.qodex.domain.llm.KeyCheckUsage;
import io.qodex.domain.llm.KeyChooser;
import io.qodex.domain.llm.LlmGateway;
import io.qodex.domain.llm.Prices;
import io.qodex.domain.llm.UsageLog;
import io.qodex.domain.secret.ProjectSecrets;
import io.qodex.domain.spend.SpendService;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The LLM side of a signed-in user's workspace (F10, F11): the gateway and what it needs (key choice, prices, caps,
 * the usage-log writer), the assistant, project memory and spend. The usage-log writer starts on first use (and then
 * writes what an earlier run left in the spool) and is flushed and stopped when the workspace closes.
 */
public final class LlmServices implements AutoCloseable {

    private final Backend backend;
    private final SignedIn user;
    private final Clock clock = Clock.systemUTC();
    private final KeyChooser keys;
    private final Prices prices;
    private final CapService caps;
    private final MemoryService memory;
    private final SpendService spend;
    private @Nullable UsageLog usageLog;
    private @Nullable LlmGateway gateway;
    private @Nullable AssistantService assistant;
    private boolean closed;

    LlmServices(Backend backend, SignedIn user, ProjectSecrets secrets) {
        this.backend = backend;
        this.user = user;
        this.keys = new KeyChooser(user.account(), user.session().llmKeys(), secrets, clock);
        this.prices = new Prices(user.account(), user.session().prices(), clock);
        this.caps = new CapService(user.account(), user.session().caps(), clock);
        this.memory = new MemoryService(user.account(), user.session().memory());
        this.spend = new SpendService(user.account(), user.session().spend());
    }

    public synchronized UsageLog usageLog() {
        if (closed) {
            throw new IllegalStateException("the workspace is closed");
        }
        if (usageLog == null) {
            usageLog = user.session().openUsageLog(backend.config().home().spool());
        }
        return usageLog;
    }

    public synchronized LlmGateway gateway() {
        if (gateway == null) {
            gateway = new GatewayService(user.account(), keys, prices, caps, usageLog(), backend.chatClient(), backend.llmExecutor(),
                    clock, backend.gatewaySettings());
        }
        return gateway;
    }

    public synchronized AssistantService assistant() {
        if (assistant == null) {
            assistant = new AssistantService(gateway(), user.session().chats(), memory, backend.defaultModel(),
                    backend.llmExecutor());
        }
        return assistant;
    }

    public KeyChooser keys() {
        return keys;
    }

    public Prices prices() {
        return prices;
    }

    public CapService caps() {
        return caps;
    }

    public MemoryService memory() {
        return memory;
    }

    public SpendService spend() {
        return spend;
    }

    /** Logs BYOK key checks (source byok-validate) through the usage log. */
    KeyCheckUsage keyChecks() {
        return new KeyCheckUsage(user.account().userId(), this::usageLog, clock);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (usageLog != null) {
            usageLog.close();
            usageLog = null;
        }
    }
}
