package io.qodex.domain.secret;

/** A project or organization key of one version, held by the crypto adapter; {@link #close()} wipes it. */
public interface SymmetricKey extends AutoCloseable {

    int version();

    @Override
    void close();
}
