package io.qodex.domain.login;

/**
 * The browser behind the recorder (F8), implemented with Playwright in {@code app}. Every method returns at once;
 * the work runs on the runner's own thread, one job at a time (later jobs wait their turn).
 */
public interface LoginRunner extends AutoCloseable {

    /**
     * Opens a visible browser at the request's start URL and records what the operator does until {@link Running#stop()}
     * or the browser window is closed. The steps end with a wait for the URL reached.
     */
    Running<RecordingResult> record(RecordRequest request, RecordingListener listener);

    /**
     * Runs the steps headless in a fresh context and captures the session: storageState, the bearer token seen in
     * request headers after login, and a screenshot. On failure: the step, the reason and a screenshot; no session.
     */
    Running<LoginResult> replay(ReplayRequest request, ReplayListener listener);

    /** Opens the request's URL headless with the stored state and tells whether it lands logged in. */
    Running<SessionCheck> check(CheckRequest request, ReplayListener listener);

    /**
     * Opens a visible page at {@code url} for the step editor's "pick element" (see {@link LivePage}). Like a
     * recording, it occupies the runner until closed.
     */
    LivePage openLivePage(String url, LoginVariables variables);

    /** Closes the browser and ends the runner's thread; jobs still waiting end as failed or cancelled. */
    @Override
    void close();
}
