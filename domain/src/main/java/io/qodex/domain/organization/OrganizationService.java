package io.qodex.domain.organization;

import io.qodex.domain.account.Account;
import io.qodex.domain.account.Email;
import io.qodex.domain.account.OrgMembership;
import io.qodex.domain.account.OrgRole;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.project.Slug;
import io.qodex.domain.secret.KeyRing;
import java.util.List;
import java.util.Locale;

/**
 * The signed-in user's organizations (decision 0030): create one (its admin, with its organization key and first
 * roster), choose the current one, and, as its admin, invite, remove and change the role of members. Every rule is
 * the database's; the checks here only say things earlier and in plainer words.
 */
public final class OrganizationService {

    /** What a verified user in no organization is told (the CLI and the window). */
    public static final String NO_ORGANIZATION = "You belong to no organization yet: create one (qodex org create "
            + "--name NAME) or accept an invitation to one (qodex invitations).";

    private final Account account;
    private final OrganizationRepository repository;
    private final KeyRing keyRing;

    public OrganizationService(Account account, OrganizationRepository repository, KeyRing keyRing) {
        this.account = account;
        this.repository = repository;
        this.keyRing = keyRing;
    }

    /** The user's organizations, read again (roles may have changed). */
    public List<OrgMembership> list() {
        account.organizations().replace(repository.mine());
        return account.organizations().all();
    }

    /** The current organization; refused with {@link #NO_ORGANIZATION} when there is none. */
    public OrgMembership current() {
        return account.organizations().current().orElseThrow(() -> QodexException.notAllowed(NO_ORGANIZATION));
    }

    /** Makes an organization current (read again first, so one joined since sign-in is found). */
    public OrgMembership use(String slug) {
        if (account.organizations().bySlug(slug).isEmpty()) {
            list();
        }
        return account.organizations().select(slug);
    }

    /** Creates an organization; the caller is its admin, it becomes current and gets its organization key. */
    public OrgMembership create(String name, String slug) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw QodexException.invalid("name", "An organization name needs 1 to 100 characters.");
        }
        String chosen = slug == null || slug.isBlank() ? Slug.suggestFrom(trimmed) : slug.strip();
        Slug.parse(chosen);
        long id = repository.create(trimmed, chosen);
        list();
        OrgMembership created = account.organizations().select(chosen);
        keyRing.ensureOrgKey(id);
        return created;
    }

    public List<OrgMember> members() {
        return repository.members(administered().orgId());
    }

    public void add(String email, OrgRole role) {
        repository.invite(administered().orgId(), Email.parse(email), checked(role));
    }

    /** Removes a member or withdraws an invitation; leaving is removing oneself (no admin role needed). */
    public String remove(String email) {
        Email address = Email.parse(email);
        OrgMembership org = address.equals(account.email()) ? current() : administered();
        String done = repository.remove(org.orgId(), address);
        list();
        return done;
    }

    public void changeRole(String email, OrgRole role) {
        repository.changeRole(administered().orgId(), Email.parse(email), checked(role));
        list();
    }

    public List<OrgInvitation> invitations() {
        return repository.myInvitations();
    }

    /** Accepts the invitation to the organization with this slug; it becomes current. */
    public OrgMembership accept(String slug) {
        OrgInvitation invitation = invitations().stream().filter(i -> i.slug().equals(slug)).findFirst()
                .orElseThrow(() -> QodexException.notFound("There is no invitation to an organization \"" + slug
                        + "\" for " + account.email() + "."));
        repository.accept(invitation.orgId());
        list();
        return account.organizations().select(slug);
    }

    public void decline(String slug) {
        OrgInvitation invitation = invitations().stream().filter(i -> i.slug().equals(slug)).findFirst()
                .orElseThrow(() -> QodexException.notFound("There is no invitation to an organization \"" + slug
                        + "\" for " + account.email() + "."));
        repository.decline(invitation.orgId());
    }

    public static OrgRole parseRole(String role) {
        return switch (role == null ? "" : role.strip().toLowerCase(Locale.ROOT)) {
            case "admin" -> OrgRole.ADMIN;
            case "member" -> OrgRole.MEMBER;
            default -> throw QodexException.invalid("role", "The role must be admin or member.");
        };
    }

    private static OrgRole checked(OrgRole role) {
        if (role == OrgRole.NONE) {
            throw QodexException.invalid("role", "The role must be admin or member.");
        }
        return role;
    }

    private OrgMembership administered() {
        OrgMembership org = current();
        if (!org.admin()) {
            throw QodexException.notAllowed("Only an admin of the organization " + org.slug() + " can do that.");
        }
        return org;
    }
}
