package io.qodex.app.organization;

import java.lang.reflect.Proxy;

/** A port whose every call fails the test: what only validates must never reach the database. */
final class Unreachable {

    private Unreachable() {
    }

    static <T> T port(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError("validation reached the database: " + type.getSimpleName() + "." + method.getName());
        }));
    }
}
