package io.qodex.app.firstrun;

import io.qodex.app.common.Tasks;
import io.qodex.app.runtime.config.DatabaseChoice;
import io.qodex.app.runtime.config.DatabaseTls;
import io.qodex.domain.common.QodexException;
import io.qodex.app.runtime.ConnectionCheck;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** First run (and Settings): the local embedded database, or a shared PostgreSQL with a connection test. */
public final class FirstRunViewModel {

    /** The two kinds of database. */
    public enum Mode {
        LOCAL,
        SHARED
    }

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.LOCAL);
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("5432");
    private final StringProperty database = new SimpleStringProperty("qodex");
    private final StringProperty signupUser = new SimpleStringProperty("");
    private final StringProperty signupPassword = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper hostError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper databaseError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
    private final BooleanProperty testOk = new SimpleBooleanProperty(false);
    private final BooleanProperty testing = new SimpleBooleanProperty(false);

    private final Supplier<DatabaseTls> tls;

    /** @param tls the transport security settings the connection test uses (read when testing: they may be wrong) */
    public FirstRunViewModel(DatabaseChoice current, Supplier<DatabaseTls> tls) {
        this.tls = tls;
        if (current instanceof DatabaseChoice.Shared shared) {
            mode.set(Mode.SHARED);
            parse(shared.jdbcUrl());
            signupPassword.set(shared.signupPassword());
            signupUser.set(ConnectionCheck.signupRole(shared));
        }
        host.addListener((obs, old, now) -> invalidateTest());
        port.addListener((obs, old, now) -> invalidateTest());
        database.addListener((obs, old, now) -> invalidateTest());
        signupPassword.addListener((obs, old, now) -> invalidateTest());
        signupUser.addListener((obs, old, now) -> invalidateTest());
    }

    private void parse(String url) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("^jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*$").matcher(url);
        if (matcher.matches()) {
            host.set(matcher.group(1));
            port.set(matcher.group(2) == null ? "5432" : matcher.group(2));
            database.set(matcher.group(3));
        }
    }

    private void invalidateTest() {
        testOk.set(false);
        testResult.set("");
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty databaseProperty() {
        return database;
    }

    /** The sign-up login's name, as {@code qodex db init} printed it ({@code qx_<id>_signup}). */
    public StringProperty signupUserProperty() {
        return signupUser;
    }

    public StringProperty signupPasswordProperty() {
        return signupPassword;
    }

    public ReadOnlyStringProperty hostErrorProperty() {
        return hostError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty portErrorProperty() {
        return portError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty databaseErrorProperty() {
        return databaseError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    public BooleanProperty testOkProperty() {
        return testOk;
    }

    public BooleanProperty testingProperty() {
        return testing;
    }

    /** The shared settings if the fields are valid (each problem shown at its field), else empty. */
    public Optional<DatabaseChoice.Shared> shared() {
        boolean ok = true;
        String h = host.get().strip();
        hostError.set(h.isEmpty() ? "Enter the server's host name." : h.matches("[A-Za-z0-9.\\-\\[\\]:]+") ? ""
                : "A host name has letters, digits, dots and hyphens only.");
        ok &= hostError.get().isEmpty();
        int portNumber = -1;
        try {
            portNumber = Integer.parseInt(port.get().strip());
        } catch (NumberFormatException e) {
            // reported below
        }
        portError.set(portNumber >= 1 && portNumber <= 65535 ? "" : "A port is a number from 1 to 65535.");
        ok &= portError.get().isEmpty();
        String d = database.get().strip();
        databaseError.set(d.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}") ? "" : "Enter the database name (letters, digits, _).");
        ok &= databaseError.get().isEmpty();
        if (!ok) {
            return Optional.empty();
        }
        String user = signupUser.get().strip();
        return Optional.of(new DatabaseChoice.Shared("jdbc:postgresql://" + h + ":" + portNumber + "/" + d,
                user.isEmpty() ? Optional.empty() : Optional.of(user), signupPassword.get(), Optional.empty()));
    }

    public void testConnection() {
        Optional<DatabaseChoice.Shared> settings = shared();
        if (settings.isEmpty()) {
            return;
        }
        if (settings.get().signupPassword().isEmpty()) {
            testResult.set("Enter the sign-up login's password (your administrator has it).");
            return;
        }
        testing.set(true);
        testResult.set("Connecting…");
        Tasks.run(() -> ConnectionCheck.check(settings.get(), tls.get()))
                .onSuccess(connected -> {
                    testOk.set(true);
                    testResult.set(connected);
                })
                .onError(this::testFailed)
                .onFinally(() -> testing.set(false))
                .start();
    }

    private void testFailed(QodexException problem) {
        testOk.set(false);
        String message = problem.getMessage();
        if (message.equals("Wrong email or password.")) {
            message = "The server refused the sign-up login's password.";
        }
        testResult.set(message);
    }
}
