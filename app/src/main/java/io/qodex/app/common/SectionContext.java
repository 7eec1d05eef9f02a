package io.qodex.app.common;

import io.qodex.app.runtime.Workspace;
import io.qodex.domain.project.Project;

/** What a section view needs: the signed-in workspace, the project, and the window to report to. */
public record SectionContext(Workspace workspace, Project project, Shell shell) {
}
