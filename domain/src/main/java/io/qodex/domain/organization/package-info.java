/** Organizations (decision 0030): memberships, invitations, roles; the database enforces every rule. */
@NullMarked
package io.qodex.domain.organization;

import org.jspecify.annotations.NullMarked;
