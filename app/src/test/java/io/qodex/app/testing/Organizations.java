package io.qodex.app.testing;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.account.OrgRole;
import io.qodex.persistence.testing.TestAccounts;
import io.qodex.persistence.testing.TestDatabase;

/**
 * Getting test accounts into an organization (decision 0030: sign-up joins none). {@link #invite} is the product's
 * way (the admin invites; verifying the invited address, or accepting, joins); {@link #joinDefault} is the database
 * owner's, as on an installation migrated from before organizations, for fixtures whose subject is not organizations.
 */
public final class Organizations {

    private Organizations() {
    }

    /** The current organization's admin invites these addresses as members. */
    public static void invite(Workspace admin, String... emails) {
        for (String email : emails) {
            admin.organizations().add(email, OrgRole.MEMBER);
        }
    }

    /** As the database owner: these (signed-up) accounts become members of the default organization. */
    public static void joinDefault(TestDatabase db, String... emails) {
        for (String email : emails) {
            TestAccounts.joinDefaultOrganization(db, email);
        }
    }
}
