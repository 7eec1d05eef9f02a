package io.qodex.persistence.repository;

import io.qodex.domain.common.QodexException;
import io.qodex.domain.environment.Environment;
import io.qodex.domain.environment.EnvironmentChanges;
import io.qodex.domain.environment.SealedEnvironment;

/** An API key changes no environment: the services a CI job uses are given this. */
public final class ApiKeyEnvironmentChanges implements EnvironmentChanges {

    @Override
    public Environment create(long projectId, SealedEnvironment environment) {
        throw refused();
    }

    @Override
    public Environment update(long projectId, SealedEnvironment environment) {
        throw refused();
    }

    @Override
    public void delete(long projectId, long environmentId, long expectedVersion) {
        throw refused();
    }

    private static QodexException refused() {
        return QodexException.notAllowed("An API key cannot change environments: do that in Qodex Operator.");
    }
}
