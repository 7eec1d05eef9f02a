package io.qodex.app.shell;

import io.qodex.app.apikeys.ApiKeysView;
import io.qodex.app.assistant.AssistantView;
import io.qodex.app.assistant.MemoryView;
import io.qodex.app.credentials.ByokView;
import io.qodex.app.environments.EnvironmentsView;
import io.qodex.app.findings.FindingsView;
import io.qodex.app.logins.LoginsView;
import io.qodex.app.members.MembersView;
import io.qodex.app.projects.ProjectSettingsView;
import io.qodex.app.scenarios.ScenariosView;
import io.qodex.app.spend.SpendView;

/** The sections of this build and their views. */
public final class Sections {

    private Sections() {
    }

    public static SectionRegistry standard() {
        return new SectionRegistry()
                .register(Section.ENVIRONMENTS, EnvironmentsView::new)
                .register(Section.LOGINS, LoginsView::new)
                .register(Section.SCENARIOS, ScenariosView::new)
                .register(Section.FINDINGS, FindingsView::new)
                .register(Section.ASSISTANT, AssistantView::new)
                .register(Section.MEMORY, MemoryView::new)
                .register(Section.SPEND, SpendView::new)
                .register(Section.MEMBERS, MembersView::new)
                .register(Section.API_KEYS, ApiKeysView::new)
                .register(Section.BYOK, ByokView::new)
                .register(Section.SETTINGS, ProjectSettingsView::new);
    }
}
