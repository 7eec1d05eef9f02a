package io.qodex.app.runtime;

import io.qodex.app.runtime.config.AppConfig;
import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.app.runtime.config.DatabaseTls;
import io.qodex.app.adapters.crypto.BouncyCastleKeyCrypto;
import io.qodex.app.adapters.mail.EmlFileTransport;
import io.qodex.app.adapters.mail.MailRelay;
import io.qodex.app.adapters.mail.MailTransport;
import io.qodex.app.adapters.mail.SmtpTransport;
import io.qodex.domain.session.AccountService;
import io.qodex.domain.account.PasswordPolicy;
import io.qodex.domain.session.SignedIn;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.common.Secret;
import io.qodex.domain.llm.ProviderKeyValidator;
import io.qodex.app.adapters.openai.OpenAiChatClient;
import io.qodex.app.adapters.openai.OpenAiKeyValidator;
import io.qodex.domain.llm.GatewaySettings;
import io.qodex.domain.secret.KeyCrypto;
import io.qodex.persistence.ConnectionSettings;
import io.qodex.persistence.repository.JdbcMailOutbox;
import io.qodex.persistence.server.EmbeddedServer;
import io.qodex.persistence.session.DataSources;
import io.qodex.persistence.session.PgPasswordVerifiers;
import io.qodex.persistence.session.QodexDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of everything behind the window and the CLI: the database (embedded or shared), the mail
 * relay, the crypto adapter and the account service. One per process.
 */
public final class Backend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

    private final AppConfig config;
    private final @Nullable EmbeddedServer server;
    private final boolean startedServer;
    private final QodexDatabase database;
    private final Optional<MailRelay> relay;
    private final KeyCrypto crypto;
    private final AccountService accounts;
    private final Optional<String> transportWarning;

    private Backend(AppConfig config, @Nullable EmbeddedServer server, boolean startedServer, QodexDatabase database,
                    Optional<MailRelay> relay, KeyCrypto crypto, Optional<String> transportWarning) {
        this.config = config;
        this.server = server;
        this.startedServer = startedServer;
        this.database = database;
        this.relay = relay;
        this.crypto = crypto;
        this.transportWarning = transportWarning;
        this.accounts = new AccountService(database.accounts(), database, new PgPasswordVerifiers(), crypto,
                PasswordPolicy.standard(), new io.qodex.app.adapters.files.LoginParametersFolder(
                        config.home().path().resolve("login-parameters"), databaseIdentity(database.settings())));
    }

    /**
     * Opens the configured database: starts (or attaches to) the embedded server and migrates it, or connects to
     * the shared one. {@code progress} hears each step, for a splash screen.
     */
    public static Backend open(AppConfig config, Consumer<String> progress) {
        DatabaseChoice choice = config.database();
        KeyCrypto crypto = new BouncyCastleKeyCrypto();
        if (choice instanceof DatabaseChoice.Shared shared) {
            if (shared.signupPassword().isEmpty()) {
                throw QodexException.invalid("The shared database needs the sign-up login's password: set "
                        + "QODEX_SIGNUP_PASSWORD or db.signup-password in " + config.home().configFile() + ".");
            }
            progress.accept("Connecting to " + shared.jdbcUrl());
            DatabaseTls tls = config.databaseTls();
            ConnectionSettings settings = ConnectionSettings.fromUser(shared.jdbcUrl(), shared.signupRole(),
                    shared.signupPassword()).withTransport(tls.forUrl(shared.jdbcUrl()));
            QodexDatabase database = new QodexDatabase(settings);
            Optional<MailRelay> relay = shared.mailerPassword().map(password -> new MailRelay(new JdbcMailOutbox(
                    DataSources.simple(settings, settings.mailerRole(), password)), transport(config)));
            return new Backend(config, null, false, database, relay, crypto, tls.warning(shared.jdbcUrl()));
        }
        EmbeddedServer server = EmbeddedServer.forHome(config.home().ensureExists().path());
        progress.accept("Starting the local database");
        boolean started = server.start();
        try {
            progress.accept("Preparing the database (migrations)");
            EmbeddedServer.Ready ready = server.provisionAndMigrate();
            QodexDatabase database = new QodexDatabase(ConnectionSettings.of(ready.jdbcUrl(), ready.installation(),
                    ready.services().signupPassword()));
            MailRelay relay = new MailRelay(new JdbcMailOutbox(DataSources.simple(ready.jdbcUrl(),
                    ready.installation().mailerRole(), ready.services().mailerPassword())), transport(config));
            return new Backend(config, server, started, database, Optional.of(relay), crypto, Optional.empty());
        } catch (RuntimeException e) {
            if (started) {
                server.close();
            }
            throw e;
        }
    }

    /** True if this is the embedded database and its server is no longer running (stopped, crashed). */
    public boolean serverGone() {
        return server != null && server.status().isEmpty();
    }

    /**
     * True if a process other than the one whose connections carry {@code ownApplicationName} is connected to the
     * embedded server (the window, a command in its own process); false for a shared database or on failure.
     */
    public boolean othersConnected(String ownApplicationName) {
        if (server == null || server.status().isEmpty()) {
            return false;
        }
        try (java.sql.Connection connection = server.superuserDataSource("postgres").getConnection();
             java.sql.PreparedStatement query = connection.prepareStatement("select count(*) from pg_stat_activity "
                     + "where backend_type = 'client backend' and pid <> pg_backend_pid() and application_name <> ?")) {
            query.setString(1, ownApplicationName);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /** How this process's connections are named in {@code pg_stat_activity} from now on (before any is opened). */
    public static void nameConnections(String applicationName) {
        System.setProperty(DataSources.APPLICATION_NAME_PROPERTY, applicationName);
    }

    /**
     * The installation and database a login belongs to, for what this computer remembers of it: the sign-up login's
     * name carries the installation id; the database name tells shared-name (legacy) installations apart. Not the
     * host and port: the embedded server's port may change between starts.
     */
    private static String databaseIdentity(ConnectionSettings settings) {
        String name = settings.displayName();
        return settings.signupRole() + "|" + name.substring(name.indexOf('/') + 1);
    }

    private static MailTransport transport(AppConfig config) {
        Optional<String> host = config.value("QODEX_SMTP_HOST", "smtp.host");
        if (host.isEmpty()) {
            return new EmlFileTransport(config.home().outbox());
        }
        return new SmtpTransport(new SmtpTransport.Settings(host.get(),
                Integer.parseInt(config.value("QODEX_SMTP_PORT", "smtp.port").orElse("587")),
                config.value("QODEX_SMTP_USER", "smtp.user"), config.value("QODEX_SMTP_PASSWORD", "smtp.password"),
                config.value("QODEX_SMTP_FROM", "smtp.from").orElse("Qodex Operator <noreply@qodex.local>"),
                Boolean.parseBoolean(config.value("QODEX_SMTP_STARTTLS", "smtp.starttls").orElse("true"))));
    }

    public AppConfig config() {
        return config;
    }

    public QodexDatabase database() {
        return database;
    }

    public KeyCrypto crypto() {
        return crypto;
    }

    public AccountService accounts() {
        return accounts;
    }

    /** Checks provider keys before they are saved (base URL: QODEX_OPENAI_BASE_URL or settings). */
    public ProviderKeyValidator keyValidator() {
        return new OpenAiKeyValidator(config.openAiBaseUrl(), java.time.Duration.ofSeconds(15));
    }

    /** Timeouts and retries of LLM calls: QODEX_LLM_TIMEOUT_SECONDS (120), QODEX_LLM_MAX_RETRIES (1). */
    public GatewaySettings gatewaySettings() {
        String seconds = config.value("QODEX_LLM_TIMEOUT_SECONDS", "llm.timeout-seconds").orElse("120");
        String retries = config.value("QODEX_LLM_MAX_RETRIES", "llm.max-retries").orElse("1");
        try {
            return new GatewaySettings(Duration.ofSeconds(Long.parseLong(seconds.strip())), Integer.parseInt(retries.strip()),
                    GatewaySettings.DEFAULT.reservationSlack());
        } catch (IllegalArgumentException e) {
            throw QodexException.invalid("QODEX_LLM_TIMEOUT_SECONDS (seconds, at least 1) and QODEX_LLM_MAX_RETRIES "
                    + "(0 to 5) must be whole numbers (\"" + seconds + "\", \"" + retries + "\" given).");
        }
    }

    /** The assistant's model unless one is chosen: QODEX_LLM_MODEL or llm.model, default gpt-4o-mini. */
    public String defaultModel() {
        return config.value("QODEX_LLM_MODEL", "llm.model").orElse("gpt-4o-mini");
    }

    /** The process's one OpenAI client (connection pool), for every signed-in user's gateway. */
    public synchronized OpenAiChatClient chatClient() {
        if (chatClient == null) {
            chatClient = new OpenAiChatClient(config.openAiBaseUrl(), gatewaySettings());
        }
        return chatClient;
    }

    /** Worker threads of LLM calls (named daemons; a call's failure is its result, never swallowed). */
    public ExecutorService llmExecutor() {
        return llmExecutor;
    }

    private @Nullable OpenAiChatClient chatClient;
    private final ExecutorService llmExecutor = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "qodex-llm-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /** Builds what the first database write needs now, behind the window's splash, instead of on first use. */
    public Backend warmUp() {
        database.warmUp();
        return this;
    }

    /** The database's JDBC URL (no credentials in it). */
    public String jdbcUrl() {
        return database.settings().jdbcUrl();
    }

    /** The embedded server's data directory, if this is the embedded database. */
    public Optional<java.nio.file.Path> dataDirectory() {
        return Optional.ofNullable(server).map(EmbeddedServer::dataDirectory);
    }

    public boolean embedded() {
        return server != null;
    }

    public Optional<EmbeddedServer> embeddedServer() {
        return Optional.ofNullable(server);
    }

    /** "local database (127.0.0.1:5432)" or "shared database (db.example.com:5432/qodex)". */
    public String describe() {
        return (embedded() ? "local database (" : "shared database (") + database.settings().displayName() + ")";
    }

    /**
     * Set while the connection to the shared server is not verified because the user opted out
     * (QODEX_DB_TLS=insecure): "the connection to db.example.com:5432 is not encrypted or not verified (…)". The
     * CLI prints it, the window shows it.
     */
    public Optional<String> transportWarning() {
        return transportWarning;
    }

    /** Delivers queued mail now, if this process runs the relay (embedded mode always does). Returns how many. */
    public int relayMail() {
        if (relay.isEmpty()) {
            return 0;
        }
        try {
            return relay.get().relayPending();
        } catch (QodexException e) {
            LOG.warn("The mail relay could not read the outbox: {}", e.getMessage());
            return 0;
        }
    }

    public Optional<MailRelay> relay() {
        return relay;
    }

    /**
     * The account's own connection URI for psql and other PostgreSQL tools
     * ({@code postgresql://<role>:<password>@<host>:<port>/<database>}, percent-encoded): they then run as the user,
     * under the same row-level security. The password in it is derived from the account's password.
     */
    public String psqlUrl(String email, Secret password) {
        String role = database.directory().roleNameFor(io.qodex.domain.account.Email.parse(email));
        try (Secret login = accounts.databasePassword(email, password)) {
            java.net.URI jdbc = java.net.URI.create(database.settings().jdbcUrl().substring("jdbc:".length()));
            String path = jdbc.getRawPath() == null ? "" : jdbc.getRawPath();
            return "postgresql://" + encode(role) + ":" + encode(login.reveal()) + "@" + jdbc.getHost()
                    + (jdbc.getPort() > 0 ? ":" + jdbc.getPort() : "") + "/" + encode(path.startsWith("/")
                    ? path.substring(1) : path);
        }
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Where this computer keeps a user's roster pins: {@code $QODEX_HOME/pins/<installation>/<user id>.properties}, out of
     * a database administrator's reach (docs/security.md, "Who receives keys").
     */
    public io.qodex.domain.secret.LocalPins pinFile(long userId) {
        String databaseKey = installationId();
        return new io.qodex.app.adapters.files.PinFile(config.home().path().resolve("pins").resolve(databaseKey)
                .resolve(userId + ".properties"));
    }

    private @Nullable String installationId;

    /** What tells this database from others in file names under QODEX_HOME (its installation's id). */
    public String databaseKey() {
        return installationId();
    }

    private synchronized String installationId() {
        if (installationId == null) {
            // from the sign-up login's name when it carries it: no call as that login, which anyone may keep busy
            installationId = database.settings().installation().map(io.qodex.persistence.server.Installation::id)
                    .orElseGet(() -> database.directory().installationId()).replaceAll("[^a-z2-7]", "_");
        }
        return installationId;
    }

    public Workspace signIn(String email, Secret password) {
        SignedIn user = accounts.signIn(email, password);
        return new Workspace(this, user);
    }

    private io.qodex.app.adapters.browser.@Nullable PlaywrightLoginRunner loginRunner;

    /** The one Playwright runner of this process (its thread owns every browser object); started on first use. */
    public synchronized io.qodex.domain.login.LoginRunner loginRunner() {
        if (loginRunner == null) {
            loginRunner = new io.qodex.app.adapters.browser.PlaywrightLoginRunner(
                    io.qodex.app.adapters.browser.PlaywrightSettings.defaults(config.browserPath().map(java.nio.file.Path::of),
                            config.home().path().resolve("cache")));
        }
        return loginRunner;
    }

    /** Leaves the embedded server running after this process exits (for {@code qodex db start}). */
    public void detachServer() {
        detached = true;
    }

    private boolean detached;

    @Override
    public void close() {
        llmExecutor.shutdown();
        synchronized (this) {
            if (loginRunner != null) {
                loginRunner.close();
                loginRunner = null;
            }
            if (chatClient != null) {
                chatClient.close();
                chatClient = null;
            }
        }
        database.close();
        if (server != null && startedServer && !detached) {
            server.close();
        }
    }
}
