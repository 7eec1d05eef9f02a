/**
 * F6 and F7: environments (base URLs, variables, constraints, auth profiles), variable resolution, the active
 * environment per user and project, HTTP login and the token precedence chain.
 */
@NullMarked
package io.qodex.domain.environment;

import org.jspecify.annotations.NullMarked;
