/**
 * The UI-login recorder (F8): login steps and their validation, the {@link io.qodex.domain.login.LoginRunner} port
 * that records and replays them in a browser, captured sessions, their freshness, and the
 * {@link io.qodex.domain.login.LoginSessionKeeper} that keeps a stored session fresh.
 */
@NullMarked
package io.qodex.domain.login;

import org.jspecify.annotations.NullMarked;
